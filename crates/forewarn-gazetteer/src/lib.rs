//! forewarn-gazetteer: placeholder until this stage lands.
