//! forewarn-detect: placeholder until this stage lands.
