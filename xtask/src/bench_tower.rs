//! `cargo xtask bench-tower`: requests per second of the axum receiver's
//! handler with and without `VerifyWebhookLayer`, on 1 KiB bodies, over
//! loopback with `wrk`.
//!
//! The server is `examples/axum-receiver`'s `bench-server` (release build): the
//! same handler behind the layer on one port, bare on the next, and verifying
//! the delivery itself on a third (the floor: what the core's check costs
//! with no layer around it), on one tokio worker thread, so that on a
//! two-core machine the server and `wrk` (one thread) each have a core.
//! Rounds rotate between the three ports, so all see the same machine state;
//! we report each round and the medians, and beside throughput the server's
//! CPU time per request (user plus system, from `/proc/<pid>/stat`). Last, the
//! in-process benchmark of the example (`benches/in_process.rs`) times the
//! same three routers without a network.
//! This is a benchmark, not a test: it is not part of `cargo xtask ci`.

use core::time::Duration;
use std::fs;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use crate::util::{self, root, target_dir};

/// The example secret of the READMEs.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PORT: u16 = 18471;
const BODY_LEN: usize = 1024;
const ROUNDS: usize = 25;
const SECONDS_PER_RUN: u32 = 2;
const CONNECTIONS: u32 = 32;

pub(crate) fn run() -> Result<(), String> {
    ensure_wrk()?;
    util::cargo(&[
        "build",
        "--release",
        "-p",
        "axum-receiver",
        "--bin",
        "bench-server",
        "-p",
        "webhook-cli",
    ])?;
    let dir = target_dir().join("bench-tower");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;

    let body = dir.join("body.json");
    fs::write(&body, padded_event()).map_err(|e| format!("cannot write the body: {e}"))?;
    // Signed now: the whole run must finish within the 300-second tolerance,
    // which it does with room to spare (about a minute).
    let headers = sign(&body)?;
    let script = dir.join("post.lua");
    fs::write(&script, lua_script(&body, &headers))
        .map_err(|e| format!("cannot write the wrk script: {e}"))?;

    let mut server = Server::start()?;
    let sides = [
        Side::new("with the layer", PORT),
        Side::new("without", PORT + 1),
        Side::new("verified in the handler (floor)", PORT + 2),
    ];
    for side in &sides {
        wait_for(side.port)?;
    }

    // Warm up all three: connection set-up, allocator and caches.
    for side in &sides {
        wrk(&script, side.port, 2)?;
    }
    let mut rps = [Vec::new(), Vec::new(), Vec::new()];
    let mut cpu = [Vec::new(), Vec::new(), Vec::new()];
    for round in 0..ROUNDS {
        // Rotate which goes first, so none always runs on a warmer machine.
        for turn in 0..sides.len() {
            let which = (round + turn) % sides.len();
            let before = server.cpu_seconds()?;
            let (per_second, requests) = wrk(&script, sides[which].port, SECONDS_PER_RUN)?;
            rps[which].push(per_second);
            cpu[which].push((server.cpu_seconds()? - before) / requests * 1e6);
        }
        let line: Vec<String> = sides
            .iter()
            .enumerate()
            .map(|(i, side)| {
                format!(
                    "{} {:.0} req/s ({:.1} us cpu/req)",
                    side.name, rps[i][round], cpu[i][round]
                )
            })
            .collect();
        println!(
            "round {}: {}; ratio {:.3}, floor {:.3}",
            round + 1,
            line.join(", "),
            rps[0][round] / rps[1][round],
            rps[2][round] / rps[1][round],
        );
    }
    server.stop();

    // The machine's speed drifts from second to second (it is shared), so
    // the number we hold ourselves to is the median of each round's own
    // ratio, whose sides ran back to back.
    let ratio_to_plain = |side: usize| {
        let mut ratios: Vec<f64> = rps[side].iter().zip(&rps[1]).map(|(a, b)| a / b).collect();
        median(&mut ratios)
    };
    let (ratio, floor) = (ratio_to_plain(0), ratio_to_plain(2));
    let cpu_plain = median(&mut cpu[1].clone());
    for (i, side) in sides.iter().enumerate() {
        let side_cpu = median(&mut cpu[i].clone());
        println!(
            "{}: median {:.0} req/s, server cpu {side_cpu:.2} us/req ({:+.2} us)",
            side.name,
            median(&mut rps[i].clone()),
            side_cpu - cpu_plain,
        );
    }
    println!(
        "medians of {ROUNDS} rounds ({SECONDS_PER_RUN} s per side, {CONNECTIONS} connections, 1 KiB body): \
         the layer's ratio {ratio:.3} ({:.1}% cost); verifying in the handler, {floor:.3} ({:.1}% cost)",
        (1.0 - ratio) * 100.0,
        (1.0 - floor) * 100.0
    );

    // The same handler in-process, without the network: the layer's own CPU
    // cost per request (examples/axum-receiver/benches/in_process.rs).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    util::run(
        Command::new(cargo)
            .args(["bench", "-p", "axum-receiver", "--bench", "in_process"])
            .env("QUIET", "1"),
    )
}

/// `wrk` from Debian's package, installed with apt-get when missing. (`wrk -v`
/// exits with 1 even when it works, so we only check that it starts.)
fn ensure_wrk() -> Result<(), String> {
    let starts = || {
        Command::new("wrk")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    if starts() {
        return Ok(());
    }
    println!("xtask: `wrk` is missing; installing the `wrk` package with apt-get");
    let install = || util::run(Command::new("apt-get").args(["install", "-y", "wrk"]));
    install()
        .or_else(|_| util::run(Command::new("apt-get").arg("update")).and_then(|()| install()))
        .map_err(|e| format!("cannot install wrk ({e}); install it and run again"))?;
    if starts() {
        Ok(())
    } else {
        Err("installed wrk, but it does not start".into())
    }
}

/// A `video.completed` event padded to exactly [`BODY_LEN`] bytes with a
/// `prompt` field the handler ignores.
fn padded_event() -> String {
    let head = r#"{"type":"video.completed","data":{"object":"video.generation","id":"req_01jxr9wq7zd8tk11dp0yvnw2wv","model":"veo-3","status":"completed","output":{"url":"https://media.example.com/videos/req_01jxr9wq7zd8tk11dp0yvnw2wv.mp4"},"prompt":""#;
    let tail = r#""}}"#;
    let pad = BODY_LEN - head.len() - tail.len();
    format!(
        "{head}{}{tail}",
        "a slow pan over a harbour at dawn, ".repeat(pad / 35 + 1)[..pad].to_owned()
    )
}

/// The three header lines `webhook sign` prints for `body`.
fn sign(body: &Path) -> Result<Vec<(String, String)>, String> {
    let cli = target_dir().join("release/webhook");
    let out = Command::new(&cli)
        .arg("sign")
        .arg(body)
        .env("WEBHOOK_SECRET", SECRET)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    if !out.status.success() {
        return Err(format!(
            "webhook sign failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8(out.stdout).map_err(|_| "webhook sign printed non-UTF-8")?;
    let headers: Vec<_> = text
        .lines()
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    if headers.len() == 3 {
        Ok(headers)
    } else {
        Err(format!("webhook sign printed {text:?}"))
    }
}

/// A wrk script that POSTs `body` with `headers`. Header values are base64,
/// digits and `msg_` ids, so Lua long strings hold them verbatim.
fn lua_script(body: &Path, headers: &[(String, String)]) -> String {
    let mut script = format!(
        "local file = io.open([[{}]], \"rb\")\nwrk.method = \"POST\"\nwrk.body = file:read(\"*a\")\nfile:close()\nwrk.headers[\"Content-Type\"] = \"application/json\"\n",
        body.display()
    );
    for (name, value) in headers {
        script.push_str(&format!("wrk.headers[\"{name}\"] = [[{value}]]\n"));
    }
    script
}

/// One wrk run against `port`: its requests per second and the number of
/// requests. Any non-2xx answer fails the run, since it would mean we measured
/// rejections.
fn wrk(script: &Path, port: u16, seconds: u32) -> Result<(f64, f64), String> {
    let out = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{CONNECTIONS}"),
            &format!("-d{seconds}s"),
            "-s",
        ])
        .arg(script)
        .arg(format!("http://127.0.0.1:{port}/webhooks/lumenfall"))
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || text.contains("Non-2xx") || text.contains("Socket errors") {
        return Err(format!("wrk on port {port} saw failures:\n{text}"));
    }
    let rps = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Requests/sec:"))
        .and_then(|rps| rps.trim().parse().ok());
    // "  312345 requests in 5.00s, ..."
    let requests = text
        .lines()
        .find_map(|line| line.trim().split_once(" requests in "))
        .and_then(|(count, _)| count.trim().parse().ok());
    rps.zip(requests)
        .ok_or_else(|| format!("no request counts in wrk's output:\n{text}"))
}

/// One of the bench-server's three ports.
struct Side {
    name: &'static str,
    port: u16,
}

impl Side {
    fn new(name: &'static str, port: u16) -> Side {
        Side { name, port }
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Clock ticks per second, the unit of `/proc/<pid>/stat`'s times.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

/// Waits up to ten seconds for `port` to accept connections.
fn wait_for(port: u16) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("bench-server did not listen on {port}"))
}

/// The running bench-server, stopped on drop if the run fails half-way.
struct Server(Option<Child>);

impl Server {
    fn start() -> Result<Server, String> {
        let binary = target_dir().join("release/bench-server");
        let child = Command::new(&binary)
            .env("WEBHOOK_SECRET", SECRET)
            .env("PORT", PORT.to_string())
            .env("WORKERS", "1")
            .env("QUIET", "1")
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        Ok(Server(Some(child)))
    }

    /// User plus system CPU time the server has used so far, in seconds.
    fn cpu_seconds(&self) -> Result<f64, String> {
        let pid = self.0.as_ref().map(Child::id).ok_or("server stopped")?;
        let stat = fs::read_to_string(format!("/proc/{pid}/stat"))
            .map_err(|e| format!("cannot read the server's cpu time: {e}"))?;
        // Fields after the parenthesised command name; utime and stime are
        // the 14th and 15th fields of the whole line.
        let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
        let (Some(user), Some(system)) = (ticks(11), ticks(12)) else {
            return Err(format!("unexpected /proc/{pid}/stat: {stat}"));
        };
        Ok((user + system) / clock_ticks())
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
