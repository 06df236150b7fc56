use clap::Parser;

/// Simulates the Baidu CDN, Baidu GEO and Baishan cache APIs on 127.0.0.1.
#[derive(Parser)]
#[command(name = "cachedesk-sim", version)]
struct Cli {
    #[command(flatten)]
    args: cachedesk_sim::SimArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    cachedesk_sim::run(Cli::parse().args).await
}
