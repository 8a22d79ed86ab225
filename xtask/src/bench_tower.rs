//! `cargo xtask bench-tower`: requests per second of the axum receiver's
//! handler with and without `VerifyWebhookLayer`, on 1 KiB bodies, over
//! loopback with `wrk`.
//!
//! The server is `examples/axum-receiver`'s `bench-server` (release build): the
//! same handler behind the layer on one port, bare on the next, and verifying
//! the delivery itself on a third (the floor: what the core's check costs
//! with no layer around it), on one tokio worker thread, pinned to one CPU.
//! Three `wrk` clients (one thread, 32 keep-alive connections each), one per
//! port, are pinned to the other CPU.
//!
//! Only one client runs at a time. We pause the other two with `SIGSTOP` and
//! hand over every 200 ms, so the three routes take turns many times a
//! second on the same warm server, and whatever else the shared machine does
//! in a given second falls on all three alike. Measured instead as whole runs
//! one after another, two-second runs of the same route here differ by up to
//! 20%, which buries a difference of a few percent. A route's requests per
//! second are its client's requests over the time its client ran. The
//! clients are started with a duration that ends while they are paused, and
//! are then resumed one at a time to finish and print their counts, so no
//! two ever run together; that last moment counts as running time.
//!
//! Beside throughput we read the server's CPU time (user plus system, from
//! `/proc/<pid>/stat`) over each route's turns, per request, and how busy it
//! was: a client that could not keep the server saturated would flatten the
//! difference. Last, the in-process benchmark of the example
//! (`benches/in_process.rs`) times the same three routers without a network.
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
/// Runs, each reported on its own; the result is the median of their ratios.
const RUNS: usize = 9;
/// Turns per route in one run, and the length of a turn.
const TURNS: usize = 30;
const TURN: Duration = Duration::from_millis(200);
/// Connections per client.
const CONNECTIONS: u32 = 32;
/// The CPUs the server and the clients are pinned to.
const SERVER_CPU: &str = "1";
const CLIENT_CPU: &str = "0";
/// The routes, in the order of the bench-server's ports.
const ROUTES: [&str; 3] = [
    "with the layer",
    "without",
    "verified in the handler (floor)",
];

pub(crate) fn run() -> Result<(), String> {
    ensure_wrk()?;
    if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        return Err("bench-tower needs two CPUs: one for the server, one for wrk".into());
    }
    // `--bin` selects among all the named packages' binaries, so each
    // package's binary is named.
    util::cargo(&[
        "build",
        "--release",
        "-p",
        "axum-receiver",
        "--bin",
        "bench-server",
        "-p",
        "webhook-cli",
        "--bin",
        "webhook",
    ])?;
    let dir = target_dir().join("bench-tower");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;

    let body = dir.join("body.json");
    fs::write(&body, padded_event()).map_err(|e| format!("cannot write the body: {e}"))?;
    // Signed afresh before the warm-up and before every run, so that no
    // request reaches the server near the end of the 300-second tolerance.
    let script = dir.join("post.lua");
    let sign_script = || -> Result<(), String> {
        let headers = sign(&body)?;
        fs::write(&script, lua_script(&body, &headers))
            .map_err(|e| format!("cannot write the wrk script: {e}"))
    };
    sign_script()?;

    let mut server = Server::start()?;
    for route in 0..ROUTES.len() {
        wait_for(port(route))?;
    }

    // Warm up every route: connections, allocator, caches.
    for route in 0..ROUTES.len() {
        Client::start(&script, route, 1)?.finish()?;
    }
    let mut ratios = [Vec::new(), Vec::new()];
    let mut rps = [Vec::new(), Vec::new(), Vec::new()];
    let mut cpu = [Vec::new(), Vec::new(), Vec::new()];
    let mut least_busy = f64::INFINITY;
    for number in 0..RUNS {
        sign_script()?;
        let result = measure(&server, &script, number)?;
        for route in 0..ROUTES.len() {
            rps[route].push(result.rps[route]);
            cpu[route].push(result.cpu_per_request[route]);
        }
        ratios[0].push(result.rps[0] / result.rps[1]);
        ratios[1].push(result.rps[2] / result.rps[1]);
        least_busy = least_busy.min(result.busy);
        let line: Vec<String> = ROUTES
            .iter()
            .enumerate()
            .map(|(route, name)| {
                format!(
                    "{name} {:.0} req/s ({:.1} us cpu/req)",
                    result.rps[route], result.cpu_per_request[route]
                )
            })
            .collect();
        println!(
            "run {}: {}; ratio {:.3}, floor {:.3}; server busy {:.0}%",
            number + 1,
            line.join(", "),
            result.rps[0] / result.rps[1],
            result.rps[2] / result.rps[1],
            result.busy * 100.0,
        );
    }
    server.stop();

    let cpu_plain = median(&mut cpu[1].clone());
    for (route, name) in ROUTES.iter().enumerate() {
        let route_cpu = median(&mut cpu[route].clone());
        println!(
            "{name}: median {:.0} req/s, server cpu {route_cpu:.2} us/req ({:+.2} us)",
            median(&mut rps[route].clone()),
            route_cpu - cpu_plain,
        );
    }
    let [layer, floor] = &mut ratios;
    let (spread, floor_spread) = (range(layer), range(floor));
    let (ratio, floor) = (median(layer), median(floor));
    println!(
        "medians of {RUNS} runs ({TURNS} turns of {} ms per route, {CONNECTIONS} connections, \
         1 KiB body): the layer's ratio {ratio:.3} ({:.1}% cost, runs {:.3} to {:.3}); \
         verifying in the handler, {floor:.3} ({:.1}% cost, runs {:.3} to {:.3}); \
         server at least {:.0}% busy",
        TURN.as_millis(),
        (1.0 - ratio) * 100.0,
        spread.0,
        spread.1,
        (1.0 - floor) * 100.0,
        floor_spread.0,
        floor_spread.1,
        least_busy * 100.0,
    );
    if least_busy < 0.95 {
        println!(
            "xtask: the server idled during some turns: the client did not keep it saturated, \
             so those runs understate the difference"
        );
    }

    // The same handler in-process, without the network: the layer's own CPU
    // cost per request (examples/axum-receiver/benches/in_process.rs).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    util::run(
        Command::new(cargo)
            .args(["bench", "-p", "axum-receiver", "--bench", "in_process"])
            .env("QUIET", "1"),
    )
}

/// What one run measured, per route.
struct Run {
    rps: [f64; 3],
    cpu_per_request: [f64; 3],
    /// The server's CPU time over the wall time of all turns: 1.0 when it
    /// never idled.
    busy: f64,
}

/// One run: the three clients take [`TURNS`] turns each, starting with route
/// `number % 3`, and are then stopped one by one.
fn measure(server: &Server, script: &Path, number: usize) -> Result<Run, String> {
    // wrk times its run by the wall clock, paused or not: it ends a little
    // after the last turn. The slack covers the signals and readings between
    // turns; a run that overruns it is refused below, since a client whose
    // time ran out during its turn would make that route look slow.
    let turns = TURN * u32::try_from(TURNS * ROUTES.len()).unwrap_or(u32::MAX);
    let seconds = turns.as_secs() + 4;
    let started = Instant::now();
    let mut clients = Vec::new();
    for route in 0..ROUTES.len() {
        let client = Client::start(script, route, seconds)?;
        client.signal("STOP")?;
        clients.push(client);
    }
    let mut ran = [0.0f64; 3];
    let mut used = [0.0f64; 3];
    for turn in 0..TURNS * ROUTES.len() {
        let route = (turn + number) % ROUTES.len();
        clients[route].signal("CONT")?;
        let (began, before) = (Instant::now(), server.cpu_seconds()?);
        std::thread::sleep(TURN);
        clients[route].signal("STOP")?;
        ran[route] += began.elapsed().as_secs_f64();
        used[route] += server.cpu_seconds()? - before;
    }
    if started.elapsed() >= Duration::from_secs(seconds) {
        return Err(format!(
            "the turns took {:.1} s, past the clients' {seconds} s: the machine is too busy to measure",
            started.elapsed().as_secs_f64()
        ));
    }
    if let Some(rest) = Duration::from_secs(seconds + 1).checked_sub(started.elapsed()) {
        std::thread::sleep(rest);
    }
    let mut requests = [0.0f64; 3];
    for (route, client) in clients.into_iter().enumerate() {
        let (count, finishing) = client.finish()?;
        requests[route] = count;
        ran[route] += finishing;
    }
    let mut result = Run {
        rps: [0.0; 3],
        cpu_per_request: [0.0; 3],
        busy: used.iter().sum::<f64>() / ran.iter().sum::<f64>(),
    };
    for route in 0..ROUTES.len() {
        result.rps[route] = requests[route] / ran[route];
        result.cpu_per_request[route] = used[route] / requests[route] * 1e6;
    }
    Ok(result)
}

impl Drop for Client {
    fn drop(&mut self) {
        // SIGKILL ends a paused process too.
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The bench-server's port for `route` (an index into [`ROUTES`]).
fn port(route: usize) -> u16 {
    PORT + u16::try_from(route).unwrap_or(0)
}

/// One `wrk` client, pinned to the clients' CPU; the drop kills it if the run
/// fails half-way.
struct Client {
    child: Option<Child>,
    port: u16,
}

impl Client {
    fn start(script: &Path, route: usize, seconds: u64) -> Result<Client, String> {
        let port = port(route);
        // A paused client's requests wait up to two turns for it; the
        // timeout keeps wrk from counting that wait as a socket timeout.
        let child = Command::new("taskset")
            .args(["-c", CLIENT_CPU, "wrk", "-t1", "--timeout", "30s"])
            .arg(format!("-c{CONNECTIONS}"))
            .arg(format!("-d{seconds}s"))
            .arg("-s")
            .arg(script)
            .arg(format!("http://127.0.0.1:{port}/webhooks/lumenfall"))
            .current_dir(root())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run wrk under taskset: {e}"))?;
        Ok(Client {
            child: Some(child),
            port,
        })
    }

    /// Sends `SIG<name>` to the client, with the `kill` command (std has no
    /// call for it, and this spares an unsafe one).
    fn signal(&self, name: &str) -> Result<(), String> {
        let pid = self.child.as_ref().map(Child::id).ok_or("client stopped")?;
        let status = Command::new("taskset")
            .args(["-c", CLIENT_CPU, "kill", &format!("-{name}")])
            .arg(pid.to_string())
            .status()
            .map_err(|e| format!("cannot run kill: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("kill -{name} failed with {status}"))
        }
    }

    /// Lets the client finish (resuming it if paused) and returns how many
    /// requests it completed and how long it ran after being resumed. Any
    /// non-2xx answer fails the run, since it would mean we measured
    /// rejections.
    fn finish(mut self) -> Result<(f64, f64), String> {
        let resumed = Instant::now();
        self.signal("CONT")?;
        let port = self.port;
        let out = self
            .child
            .take()
            .ok_or("client stopped")?
            .wait_with_output()
            .map_err(|e| format!("cannot wait for wrk: {e}"))?;
        let finishing = resumed.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || text.contains("Non-2xx") || text.contains("Socket errors") {
            return Err(format!("wrk on port {port} saw failures:\n{text}"));
        }
        // "  312345 requests in 5.00s, ..."
        text.lines()
            .find_map(|line| line.trim().split_once(" requests in "))
            .and_then(|(count, _)| count.trim().parse().ok())
            .map(|count| (count, finishing))
            .ok_or_else(|| format!("no request count in wrk's output:\n{text}"))
    }
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

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The smallest and largest of `values`.
fn range(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// Clock ticks per second, the unit of `/proc/<pid>/stat`'s times, asked of
/// `getconf` once.
fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(ask_clock_ticks)
}

fn ask_clock_ticks() -> f64 {
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
    /// Starts the bench-server on [`PORT`] and the two ports after it, pinned
    /// to the server's CPU.
    fn start() -> Result<Server, String> {
        let binary = target_dir().join("release/bench-server");
        let child = Command::new("taskset")
            .args(["-c", SERVER_CPU])
            .arg(&binary)
            .env("WEBHOOK_SECRET", SECRET)
            .env("PORT", PORT.to_string())
            .env("WORKERS", "1")
            .env("QUIET", "1")
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {} under taskset: {e}", binary.display()))?;
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
