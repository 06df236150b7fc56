//! The vendors' numbers as the simulator holds them, independent of the client's
//! `cachedesk_core::VendorLimits`: a wrong client limit meets the vendor's own number here and
//! fails. Each constant quotes the line it comes from: one of the seed documents in
//! `shared/vendor/seeds/` (file name and the Chinese sentence), or, where the seeds say nothing,
//! `shared/vendor/apis.md` (section named).

// ---- Baidu AI Cloud CDN: seeds/baidu-cdn-cache-api.txt ----

/// URLs in one purge or prefetch request.
///
/// `baidu-cdn-cache-api.txt`: 「本接口用于清除已经缓存的文件,支持批量提交,一次最多提交100个url」
/// (purge) and 「本接口用于通知CDN提前缓存指定的URL,支持批量提交,一次最多提交100个url」 (prefetch).
pub const CDN_URLS_PER_SUBMIT: u32 = 100;

/// Directory URLs in one purge request: directories are URLs of the same request, so the
/// per-request URL limit applies to them too.
///
/// `baidu-cdn-cache-api.txt`: 「一次最多提交100个url」.
pub const CDN_DIRS_PER_SUBMIT: u32 = 100;

/// File purges plus prefetches per account and 24 hours (one shared quota).
///
/// `baidu-cdn-cache-api.txt`: 「用户24小时之内最多提交20000个URL刷新请求或者200个目录刷新请求」
/// and 「urlRemain int 当日刷新(含预热)URL限额余量」.
pub const CDN_URLS_PER_DAY: u32 = 20_000;

/// Directory purges per account and 24 hours.
///
/// `baidu-cdn-cache-api.txt`: 「用户24小时之内最多提交20000个URL刷新请求或者200个目录刷新请求」.
pub const CDN_DIRS_PER_DAY: u32 = 200;

/// Longest `endTime - startTime` of a status query, in days.
///
/// `baidu-cdn-cache-api.txt`: 「startTime Timestamp 查询的时间范围起始值,默认为endTime前推24小时。
/// endTime与startTime最大时间跨度90天」.
pub const CDN_QUERY_SPAN_DAYS: u32 = 90;

/// The default query window: `startTime` defaults to `endTime` minus this many hours (and
/// `endTime` to now). The seed does not exempt `id` queries from it.
///
/// `baidu-cdn-cache-api.txt`: 「endTime Timestamp 查询的时间范围结束值,默认为当前时间。」 and
/// 「startTime Timestamp 查询的时间范围起始值,默认为endTime前推24小时。」.
pub const CDN_DEFAULT_WINDOW_HOURS: i64 = 24;

/// Records per purge status page. The seed names no purge page size; `apis.md` §1.2 (from the
/// Chinese purge-status page): "purge range queries ≤ **100** records/page (CN doc)".
pub const CDN_PURGE_PAGE_SIZE: u32 = 100;

/// Records per prefetch status page.
///
/// `baidu-cdn-cache-api.txt`: 「查询指定条件的预加载任务状态,每次请求最多返回1000条记录。」.
pub const CDN_PREFETCH_PAGE_SIZE: u32 = 1_000;

// ---- Baidu GEO: seeds/baidu-geo-purge-status.txt, seeds/baidu-geo-prefetch-status.txt ----

/// Records per status page, purge and prefetch.
///
/// `baidu-geo-purge-status.txt`: 「本接口用于查询指定条件的刷新任务状态,每次最多返回100条记录。」;
/// `baidu-geo-prefetch-status.txt`: 「本接口用于查询指定条件的预热任务状态,每次最多返回100条记录。」.
pub const GEO_PAGE_SIZE: u32 = 100;

/// Longest `endTime - startTime` of a status query, in days.
///
/// `baidu-geo-purge-status.txt` and `baidu-geo-prefetch-status.txt`: 「默认为endTime前推 24 小时,
/// UTC 时间,endTime 与 startTime 最大时间跨度为 30 天。」.
pub const GEO_QUERY_SPAN_DAYS: u32 = 30;

/// The default query window of range queries, in hours. `id` queries have none:
/// 「注:当指定刷新任务 id时,返回该任务所有记录。无需指定时间,不支持 marker 参数。」.
///
/// `baidu-geo-purge-status.txt`: 「默认为endTime前推 24 小时」.
pub const GEO_DEFAULT_WINDOW_HOURS: i64 = 24;

/// URLs in one GEO submit request. Not in the seeds (they cover only the status queries):
/// `apis.md` §2.3, "purge: ≤ **1000 URLs** or ≤ **100 directories** per request" and
/// "prefetch: ≤ **1000 URLs** per request".
pub const GEO_URLS_PER_SUBMIT: u32 = 1_000;

/// Directory URLs in one GEO purge request. Not in the seeds: `apis.md` §2.3,
/// "purge: ≤ **1000 URLs** or ≤ **100 directories** per request".
pub const GEO_DIRS_PER_SUBMIT: u32 = 100;

// ---- Baishan: seeds/baishan-refresh-status.txt ----

/// The largest `page_size` of a status query.
///
/// `baishan-refresh-status.txt`: 「page_sizestring分页大小, 默认50 ,值范围1-500」.
pub const BAISHAN_MAX_PAGE_SIZE: u32 = 500;

/// The `page_size` of a status query that names none.
///
/// `baishan-refresh-status.txt`: 「page_sizestring分页大小, 默认50 ,值范围1-500」.
pub const BAISHAN_DEFAULT_PAGE_SIZE: u32 = 50;

/// Longest span of one status query, in days.
///
/// `baishan-refresh-status.txt`: 「注意: 刷新的任务记录仅保留一个月(单次查询跨度7天),
/// 相关刷新状态请在该时间内做好查询保存」.
pub const BAISHAN_QUERY_SPAN_DAYS: u32 = 7;

/// How long task records are kept (one month, taken as 30 days).
///
/// `baishan-refresh-status.txt`: 「注意: 刷新的任务记录仅保留一个月(单次查询跨度7天)」.
pub const BAISHAN_RETENTION_DAYS: i64 = 30;

/// Requests per token and endpoint in the `minute` grade.
///
/// `baishan-refresh-status.txt`: 「X-Ratelimit-Grad:      minute  //接口调用频率限制粒度(分/小时/天)」
/// and 「X-Ratelimit-Limit:     150  //当前每分钟请求次数上限」.
pub const BAISHAN_PER_MINUTE: u32 = 150;

/// The grades a limit is counted in, as `X-Ratelimit-Grad` names them.
///
/// `baishan-refresh-status.txt`: 「X-Ratelimit-Grad:      minute  //接口调用频率限制粒度(分/小时/天)」
/// and 「X-Retry-After:         33  //xx秒后重置当前粒度(分/小时/天)请求次数限制」.
pub const BAISHAN_GRADES: [&str; 3] = ["minute", "hour", "day"];

/// The user-level limit: requests per [`BAISHAN_SHORT_WINDOW_MS`]. Not in the refresh-status
/// seed; `apis.md` §3.5 (Baishan's API conventions page, document 1249): "User-level default:
/// at most **24 requests per 2 seconds** across the API".
pub const BAISHAN_REQUESTS_PER_SHORT_WINDOW: u32 = 24;

/// The user-level window, in milliseconds (`apis.md` §3.5, "24 requests per 2 seconds").
pub const BAISHAN_SHORT_WINDOW_MS: u64 = 2_000;

/// Prefetched URLs per account and day. Not in the seeds: `apis.md` §3.2 (the prewarm submit
/// page), "≤ **500 URLs per request**; ≤ **10 000 URLs per day** per account".
pub const BAISHAN_PREFETCH_PER_DAY: u32 = 10_000;

/// URLs in one Baishan submit request. Not in the seeds: `apis.md` §3.2, "≤ **500 URLs per
/// request**" (the prefetch page; the refresh limit is unconfirmed and taken to be the same).
pub const BAISHAN_URLS_PER_SUBMIT: u32 = 500;

#[cfg(test)]
mod tests {
    use super::*;

    /// The simulator keeps the seeds' numbers even where the client's limits may drift.
    #[test]
    fn the_seed_numbers() {
        assert_eq!(
            (CDN_URLS_PER_SUBMIT, CDN_URLS_PER_DAY, CDN_DIRS_PER_DAY),
            (100, 20_000, 200)
        );
        assert_eq!((CDN_QUERY_SPAN_DAYS, CDN_DEFAULT_WINDOW_HOURS), (90, 24));
        assert_eq!((CDN_PURGE_PAGE_SIZE, CDN_PREFETCH_PAGE_SIZE), (100, 1_000));
        assert_eq!((GEO_PAGE_SIZE, GEO_QUERY_SPAN_DAYS), (100, 30));
        assert_eq!((GEO_URLS_PER_SUBMIT, GEO_DIRS_PER_SUBMIT), (1_000, 100));
        assert_eq!(
            (
                BAISHAN_DEFAULT_PAGE_SIZE,
                BAISHAN_MAX_PAGE_SIZE,
                BAISHAN_QUERY_SPAN_DAYS,
                BAISHAN_RETENTION_DAYS
            ),
            (50, 500, 7, 30)
        );
        assert_eq!(
            (
                BAISHAN_REQUESTS_PER_SHORT_WINDOW,
                BAISHAN_SHORT_WINDOW_MS,
                BAISHAN_PER_MINUTE
            ),
            (24, 2_000, 150)
        );
        assert_eq!(BAISHAN_PREFETCH_PER_DAY, 10_000);
    }
}
