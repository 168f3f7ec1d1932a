// Embeds static/ into the module (served by App::static_files).
fn main() {
    wisp_sdk_build::embed_dir("static");
}
