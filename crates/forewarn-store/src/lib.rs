//! forewarn-store: placeholder until this stage lands.
