//! forewarn-ingest: placeholder until this stage lands.
