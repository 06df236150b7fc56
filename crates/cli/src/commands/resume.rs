//! `cachedesk resume`: finish every interrupted job.

use super::{print_json, Ctx};
use crate::args::ResumeArgs;
use crate::credentials;
use crate::failure::{Exit, Failure};
use crate::job_view::JobDocument;
use crate::text::{say, tr};
use cachedesk_core::{Credentials, Error, Lang};
use cachedesk_engine::{JobError, Profile};

pub async fn run(ctx: &Ctx, args: ResumeArgs) -> Result<Exit, Failure> {
    let lang = ctx.lang;
    let engine = ctx.engine()?;
    let secrets = ctx.secrets();
    let source = |profile: &Profile| -> Result<Credentials, Error> {
        credentials::for_profile(&secrets, profile).map_err(|f| match f {
            Failure::Core(e) => e,
            other => Error::NotFound(other.message(Lang::En)),
        })
    };
    let outcomes = engine.resume(&source).await?;
    let mut documents = Vec::with_capacity(outcomes.len());
    for (job, outcome) in outcomes {
        let mut document = JobDocument::build(&engine, engine.job(job)?, None, None, true, lang)?;
        if let Err(e) = outcome {
            document.job.error.get_or_insert_with(|| JobError::from(&e));
        }
        documents.push(document);
    }
    let exit = documents
        .iter()
        .map(JobDocument::exit)
        .max()
        .unwrap_or(Exit::Ok);
    if args.json {
        print_json(&serde_json::json!({ "jobs": documents }))?;
    } else if documents.is_empty() {
        say!(
            "{}",
            tr!(
                lang,
                "No interrupted jobs: nothing to resume.",
                "没有中断的任务，无需继续。"
            )
        );
    } else {
        for document in &documents {
            document.print_text(lang);
        }
    }
    Ok(exit)
}
