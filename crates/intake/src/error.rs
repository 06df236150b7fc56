use cachedesk_core::Lang;

/// A whole file that cannot be read. Problems with single lines are never errors: they end
/// up in the [`Report`](crate::Report) as rejected lines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("the text is neither UTF-8, UTF-16 (with BOM) nor GBK/GB18030")]
    UnreadableText,
    #[error("the file is named like a spreadsheet but its content is not one")]
    NotASpreadsheet,
    #[error("the spreadsheet is damaged or of an unsupported kind: {0}")]
    Spreadsheet(String),
    #[error("the spreadsheet has no worksheet")]
    NoSheet,
    #[error("the CSV file cannot be read: {0}")]
    Csv(String),
    /// More than a URL list ever holds: `what` names the limit (`bytes`, `lines`, `cells`).
    #[error("the input is too large: more than {limit} {what}")]
    TooLarge { what: &'static str, limit: u64 },
}

impl IntakeError {
    /// What an editor reads, with what to do next.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (IntakeError::UnreadableText, Lang::En) => "The file is not readable text. Save it as UTF-8 text (or as .csv / .xlsx) and drop it again.".into(),
            (IntakeError::UnreadableText, Lang::ZhCn) => "无法识别该文件的文字编码。请另存为 UTF-8 文本（或 .csv / .xlsx）后重新拖入。".into(),
            (IntakeError::NotASpreadsheet, Lang::En) => "The file has a spreadsheet name but is not a real Excel file. Open it and save it as .xlsx or .csv.".into(),
            (IntakeError::NotASpreadsheet, Lang::ZhCn) => "该文件扩展名是表格，但内容并不是 Excel 文件。请打开后另存为 .xlsx 或 .csv。".into(),
            (IntakeError::Spreadsheet(why), Lang::En) => format!("The spreadsheet cannot be read ({why}). Open it in Excel or WPS and save it again as .xlsx."),
            (IntakeError::Spreadsheet(why), Lang::ZhCn) => format!("无法读取该表格（{why}）。请用 Excel 或 WPS 打开后重新另存为 .xlsx。"),
            (IntakeError::NoSheet, Lang::En) => "The spreadsheet has no worksheet.".into(),
            (IntakeError::NoSheet, Lang::ZhCn) => "该表格中没有工作表。".into(),
            (IntakeError::Csv(why), Lang::En) => format!("The CSV file cannot be read ({why})."),
            (IntakeError::Csv(why), Lang::ZhCn) => format!("无法读取该 CSV 文件（{why}）。"),
            (IntakeError::TooLarge { what, limit }, Lang::En) => format!("The input is too large: more than {limit} {what}. Split the list into smaller files."),
            (IntakeError::TooLarge { what, limit }, Lang::ZhCn) => {
                let what = match *what {
                    "bytes" => "字节",
                    "lines" => "行",
                    _ => "个单元格",
                };
                format!("输入过大：超过 {limit} {what}。请把列表拆分成几个较小的文件。")
            }
        }
    }
}

impl From<IntakeError> for cachedesk_core::Error {
    fn from(e: IntakeError) -> Self {
        cachedesk_core::Error::InvalidInput(cachedesk_core::Said::new(
            e.message(Lang::En),
            e.message(Lang::ZhCn),
        ))
    }
}
