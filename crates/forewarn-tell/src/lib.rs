//! forewarn-tell: placeholder until this stage lands.
