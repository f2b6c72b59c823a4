//! forewarn-forecast: placeholder until this stage lands.
