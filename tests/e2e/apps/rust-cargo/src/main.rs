// A small stock service: answers every request with the stock it keeps
// in memory, one line per item.
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

const ITEMS: [(&str, u32); 3] = [("bolts", 120), ("nuts", 75), ("washers", 310)];

fn answer(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    // Read the request head; the body of the answer does not depend on it.
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut body = format!("stockroom: {} items\n", ITEMS.len());
    for (name, count) in ITEMS.iter() {
        body.push_str(&format!("{} {}\n", name, count));
    }
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        body
    )
}

fn main() {
    let port = std::env::var("PORT").unwrap_or_else(|_| "7070".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{}", port)).expect("bind");
    println!("stockroom listening on {}", port);
    for stream in listener.incoming().flatten() {
        if let Err(e) = answer(stream) {
            eprintln!("stockroom: {}", e);
        }
    }
}
