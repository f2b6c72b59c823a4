//! forewarn-extract: placeholder until this stage lands.
