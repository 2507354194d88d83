//! The synthetic study the study and Overview benchmarks share.

/// The study both study benchmarks measure, written into `dir`: the synthetic 10 MB TEI
/// volume of 500 documents (`frus-synthetic.xml`) and a study of 20,000 highlights on 300
/// of them with 40 topics (`study.ron`). Returns the volume read back and the set.
pub fn synthetic_study(
    dir: &std::path::Path,
) -> (
    marginalia::core::tei::Volume,
    marginalia::core::study::note_set::NoteSet,
) {
    use marginalia::core::corpus;
    let volume_path = dir.join("frus-synthetic.xml");
    std::fs::write(&volume_path, corpus::tei_volume(500, 16_500, 14)).expect("the volume written");
    let volume = marginalia::core::tei::Volume::open(&volume_path).expect("the volume reads");
    let set = corpus::study_set(
        volume.documents(),
        300,
        20_000,
        40,
        &volume_path.to_string_lossy(),
        15,
    );
    let file = marginalia::core::persist::NoteSetFile::new("Synthetic study", set.clone());
    marginalia::core::persist::save(&dir.join("study.ron"), &file).expect("the study saved");
    (volume, set)
}
