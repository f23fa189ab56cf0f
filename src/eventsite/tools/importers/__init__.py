"""`eventsite import`: a programme read from where it already lives, written as eventsite's YAML.

Each source format has a module that reads it into one neutral `Programme` (`programme`):
frab, pretalx and c3voc `schedule.json` (`frab`), their XML and Pentabarf's (`frabxml`),
Sessionize's "All" JSON (`sessionize`), Indico's JSON export (`indico`) and spreadsheets as
CSV (`sheet`). `source` reads a file or an https:// address and tells the formats apart;
`records` turns a programme into the records of content files, `yamltext` writes them as an
editor would and reads the editor's back, `merge` keeps the editor's work across re-imports,
and `project` does one import: all or nothing.
"""
