//! Serves the axum receiver for Lumenfall-style `video.*` events.
//!
//! `WEBHOOK_SECRET` holds the key (during a rotation, several keys separated by
//! spaces); the server listens on 127.0.0.1, port `PORT` or 8080, and accepts
//! deliveries at `POST /webhooks/lumenfall`.

use std::process::ExitCode;

use axum_receiver::{PATH, app, layer_from_env, port_from_env};

fn main() -> ExitCode {
    let settings = layer_from_env().and_then(|layer| Ok((layer, port_from_env(8080)?)));
    let (layer, port) = match settings {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("axum-receiver: {message}");
            return ExitCode::from(2);
        }
    };

    let served = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .and_then(|runtime| {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
                println!("listening on http://127.0.0.1:{port}{PATH}");
                axum::serve(listener, app(layer)).await
            })
        });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("axum-receiver: {err}");
            ExitCode::FAILURE
        }
    }
}
