fn main() { println!("forewarn"); }
