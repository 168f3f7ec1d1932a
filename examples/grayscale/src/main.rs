//! grayscale: the classic serverless image function. Reads an image (PNG,
//! JPEG or GIF) on stdin and writes it back in grayscale on stdout: GIF stays
//! GIF, everything else becomes PNG. Runs unchanged as a WASI command
//! (`wisp run`) and behind `wisp serve` with the stdio ABI.
use std::io::{self, Cursor, Read, Write};
use std::process::ExitCode;

use image::ImageOutputFormat;

fn convert(input: &[u8]) -> Result<Vec<u8>, String> {
    let format = image::guess_format(input).map_err(|e| format!("unrecognised image: {}", e))?;
    let img = image::load_from_memory_with_format(input, format).map_err(|e| format!("cannot decode image: {}", e))?;
    let gray = img.grayscale();
    let out_format = match format {
        image::ImageFormat::Gif => ImageOutputFormat::Gif,
        _ => ImageOutputFormat::Png,
    };
    // image 0.24 needs Write + Seek, so encode into an in-memory cursor.
    let mut out = Cursor::new(Vec::new());
    gray.write_to(&mut out, out_format).map_err(|e| format!("cannot encode image: {}", e))?;
    Ok(out.into_inner())
}

fn main() -> ExitCode {
    let mut input = Vec::new();
    if let Err(e) = io::stdin().read_to_end(&mut input) {
        eprintln!("grayscale: cannot read stdin: {}", e);
        return ExitCode::from(1);
    }
    match convert(&input) {
        Ok(bytes) => {
            if let Err(e) = io::stdout().write_all(&bytes) {
                eprintln!("grayscale: cannot write stdout: {}", e);
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("grayscale: {}", msg);
            ExitCode::from(1)
        }
    }
}
