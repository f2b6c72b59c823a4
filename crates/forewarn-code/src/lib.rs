//! forewarn-code: placeholder until this stage lands.
