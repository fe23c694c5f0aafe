//! A scripted EC2 endpoint on a loopback port: answers each request with the next canned
//! response, or hangs (to kill kplan half-way through the paged calls).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// One scripted answer.
#[derive(Clone)]
pub enum Reply {
    /// HTTP status and XML body.
    Xml(u16, String),
    /// Never answer.
    Hang,
}

/// Starts the server; returns its URL and a channel that gets each request's body.
pub fn start(script: Vec<Reply>, repeat_last: bool) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for (i, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                if let Some(v) = l.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; len];
            let _ = reader.read_exact(&mut body);
            let _ = tx.send(String::from_utf8_lossy(&body).into_owned());
            let reply = script
                .get(i)
                .or(if repeat_last { script.last() } else { None })
                .cloned()
                .unwrap_or(Reply::Hang);
            match reply {
                Reply::Hang => {
                    std::thread::sleep(Duration::from_secs(600));
                    return;
                }
                Reply::Xml(status, xml) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\nContent-Type: text/xml;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}",
                        xml.len()
                    );
                }
            }
        }
    });
    (url, rx)
}

/// An EC2 error document.
pub fn error_xml(code: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>test</RequestID></Response>"
    )
}

/// A DescribeInstanceTypes page with these m5 types and a next token.
pub fn types_page(names: &[&str], next: &str) -> String {
    let items: String = names
        .iter()
        .map(|n| {
            format!(
                "<item><instanceType>{n}</instanceType><networkInfo><maximumNetworkInterfaces>3</maximumNetworkInterfaces><ipv4AddressesPerInterface>10</ipv4AddressesPerInterface></networkInfo></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstanceTypesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>test</requestId><instanceTypeSet>{items}</instanceTypeSet><nextToken>{next}</nextToken></DescribeInstanceTypesResponse>"
    )
}
