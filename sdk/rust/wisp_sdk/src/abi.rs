//! The glue between an `App` and the `wisp_http` host functions (docs/abi.md).
//! Only this file knows the ABI; on targets other than wasm32 there is no host,
//! and `read_request` panics with a message saying so.

use crate::request::Request;
use crate::response::Response;

#[cfg(target_arch = "wasm32")]
mod host {
    #[link(wasm_import_module = "wisp_http")]
    extern "C" {
        pub fn method_get(buf: *mut u8, len: i32) -> i32;
        pub fn uri_get(buf: *mut u8, len: i32) -> i32;
        pub fn path_info_get(buf: *mut u8, len: i32) -> i32;
        pub fn header_get(name: *const u8, name_len: i32, buf: *mut u8, len: i32) -> i32;
        pub fn header_names_get(buf: *mut u8, len: i32) -> i32;
        pub fn body_size() -> i64;
        pub fn body_read(buf: *mut u8, len: i32) -> i32;
        pub fn status_set(status: i32) -> i32;
        pub fn header_add(name: *const u8, name_len: i32, value: *const u8, value_len: i32) -> i32;
        pub fn body_write(buf: *const u8, len: i32) -> i32;
    }
}

/// Runs one of the `*_get` host functions, which copy what fits and return
/// the full size (or -1 when there is no value): a second call gets the rest.
#[cfg(target_arch = "wasm32")]
fn fetch(get: impl Fn(*mut u8, i32) -> i32) -> Option<String> {
    let mut buf = vec![0u8; 256];
    let size = get(buf.as_mut_ptr(), buf.len() as i32);
    if size < 0 {
        return None;
    }
    let size = size as usize;
    if size > buf.len() {
        buf.resize(size, 0);
        let again = get(buf.as_mut_ptr(), buf.len() as i32);
        buf.truncate(again.max(0) as usize);
    }
    buf.truncate(size);
    Some(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn read_request() -> Request {
    // SAFETY (every call below): the host reads and writes only the buffer
    // ranges it is given, which are valid, owned byte buffers.
    let method = fetch(|p, n| unsafe { host::method_get(p, n) }).unwrap_or_default();
    let uri = fetch(|p, n| unsafe { host::uri_get(p, n) }).unwrap_or_default();
    let path_info = fetch(|p, n| unsafe { host::path_info_get(p, n) }).unwrap_or_default();
    let mut request = Request::new(method, uri).with_path(path_info);

    // The host joins repeated headers, so each distinct name is asked once.
    let names = fetch(|p, n| unsafe { host::header_names_get(p, n) }).unwrap_or_default();
    let mut seen: Vec<String> = Vec::new();
    for name in names.split('\n').filter(|n| !n.is_empty()) {
        let lower = name.to_ascii_lowercase();
        if seen.contains(&lower) {
            continue;
        }
        let value = fetch(|p, n| unsafe { host::header_get(name.as_ptr(), name.len() as i32, p, n) });
        if let Some(value) = value {
            request = request.with_header(name, value);
        }
        seen.push(lower);
    }

    // The host already holds the whole body (bounded by the function's
    // max_body), so its size is a trustworthy capacity hint.
    let size = unsafe { host::body_size() }.max(0) as usize;
    let mut body = Vec::with_capacity(size);
    let mut chunk = vec![0u8; size.clamp(1, 64 * 1024)];
    loop {
        let n = unsafe { host::body_read(chunk.as_mut_ptr(), chunk.len() as i32) };
        if n <= 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n as usize]);
    }
    request.with_body(body)
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn write_response(response: &Response) {
    unsafe {
        host::status_set(i32::from(response.status()));
    }
    for (name, value) in response.headers() {
        let rc = unsafe { host::header_add(name.as_ptr(), name.len() as i32, value.as_ptr(), value.len() as i32) };
        if rc != 0 {
            // The function's log is the only place a refused header can be reported.
            eprintln!("wisp_sdk: the host refused response header {:?}", name);
        }
    }
    let body = response.body();
    if !body.is_empty() {
        unsafe {
            host::body_write(body.as_ptr(), body.len() as i32);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn read_request() -> Request {
    panic!("wisp_sdk::serve needs the wisp_http host: build for wasm32-wasi and run under `wisp serve --abi http`")
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn write_response(_: &Response) {}
