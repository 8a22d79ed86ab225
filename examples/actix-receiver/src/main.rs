//! An actix-web receiver for Lumenfall-style `video.*` webhook events.
//!
//! `WEBHOOK_SECRET` holds the key (during a rotation, several keys separated by
//! spaces); the server listens on 127.0.0.1, port `PORT` or 8080, and accepts
//! deliveries at `POST /webhooks/lumenfall`. `webhook-actix` refuses anything
//! unsigned, stale, oversized or not shaped like an [`Event`] before
//! [`receive`] runs.

use std::process::ExitCode;

use actix_web::{App, HttpResponse, HttpServer, web};
use serde::{Deserialize, Serialize};
use webhook_actix::{VerifiedJson, WebhookConfig};
use webhook_core::{Verifier, VerifyKey};

/// The events this receiver knows, told apart by `type`.
#[derive(Debug, Deserialize)]
#[serde(tag = "type")]
enum Event {
    /// A generation finished and its video can be fetched.
    #[serde(rename = "video.completed")]
    Completed { data: Completed },
    /// A generation failed; `data.error` says why.
    #[serde(rename = "video.failed")]
    Failed { data: Failed },
    /// A generation was cancelled before it finished.
    #[serde(rename = "video.cancelled")]
    Cancelled { data: Generation },
    /// Senders add event types over time. We accept and ignore the ones we do
    /// not know; refusing them would make the sender retry them forever.
    #[serde(other)]
    Unknown,
}

/// What every `video.*` event's `data` carries.
#[derive(Debug, Deserialize)]
struct Generation {
    id: String,
    model: String,
}

/// `data` of `video.completed`.
#[derive(Debug, Deserialize)]
struct Completed {
    #[serde(flatten)]
    generation: Generation,
    output: Output,
}

/// Where a finished video is.
#[derive(Debug, Deserialize)]
struct Output {
    url: String,
}

/// `data` of `video.failed`.
#[derive(Debug, Deserialize)]
struct Failed {
    #[serde(flatten)]
    generation: Generation,
    error: Failure,
}

/// Why a generation failed.
#[derive(Debug, Deserialize)]
struct Failure {
    code: String,
    message: String,
}

/// The reply: a short summary of what we did with the event.
#[derive(Debug, Default, Serialize)]
struct Summary {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    ignored: bool,
}

/// Acts on one verified event. A real receiver would store the URL, alert on
/// failures, and use `event.id()` to drop retried deliveries it has seen.
///
/// The fields from the body are logged escaped (`escape_debug`): even a
/// verified sender should not be able to write a control code or a second
/// line into our log.
async fn receive(event: VerifiedJson<Event>) -> HttpResponse {
    let delivery = event.id().to_owned();
    let summary = match event.into_inner() {
        Event::Completed { data: done } => {
            println!(
                "{delivery}: {} finished on {}",
                done.generation.id.escape_debug(),
                done.generation.model.escape_debug()
            );
            Summary {
                kind: Some("video.completed"),
                id: Some(done.generation.id),
                url: Some(done.output.url),
                ..Summary::default()
            }
        }
        Event::Failed { data: failed } => {
            println!(
                "{delivery}: {} failed: {}",
                failed.generation.id.escape_debug(),
                failed.error.message.escape_debug()
            );
            Summary {
                kind: Some("video.failed"),
                id: Some(failed.generation.id),
                error: Some(failed.error.code),
                ..Summary::default()
            }
        }
        Event::Cancelled { data: generation } => {
            println!(
                "{delivery}: {} on {} was cancelled",
                generation.id.escape_debug(),
                generation.model.escape_debug()
            );
            Summary {
                kind: Some("video.cancelled"),
                id: Some(generation.id),
                ..Summary::default()
            }
        }
        Event::Unknown => Summary {
            ignored: true,
            ..Summary::default()
        },
    };
    HttpResponse::Ok().json(summary)
}

/// The routes, on any app that has a [`WebhookConfig`].
fn routes(config: &mut web::ServiceConfig) {
    config.route("/webhooks/lumenfall", web::post().to(receive));
}

/// The key ring from `WEBHOOK_SECRET`. Key text never holds spaces, so
/// splitting on them is unambiguous.
fn config_from_env() -> Result<WebhookConfig, String> {
    let text = std::env::var("WEBHOOK_SECRET")
        .map_err(|_| "set WEBHOOK_SECRET to the key the sender gave you".to_owned())?;
    let ring = text
        .split(' ')
        .filter(|key| !key.is_empty())
        .map(VerifyKey::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("WEBHOOK_SECRET: {err}"))?;
    let verifier = Verifier::new(ring).map_err(|err| format!("WEBHOOK_SECRET: {err}"))?;
    Ok(WebhookConfig::new(verifier))
}

fn main() -> ExitCode {
    let config = match config_from_env() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("actix-receiver: {message}");
            return ExitCode::from(2);
        }
    };
    let port = match std::env::var("PORT").map(|port| port.parse::<u16>()) {
        Err(_) => 8080,
        Ok(Ok(port)) => port,
        Ok(Err(_)) => {
            eprintln!("actix-receiver: PORT must be a port number");
            return ExitCode::from(2);
        }
    };

    println!("listening on http://127.0.0.1:{port}/webhooks/lumenfall");
    let served = actix_web::rt::System::new().block_on(async move {
        // Every worker gets a clone of the config; they share one key ring.
        HttpServer::new(move || App::new().app_data(config.clone()).configure(routes))
            .bind(("127.0.0.1", port))?
            .run()
            .await
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("actix-receiver: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::test::{TestRequest, call_service, init_service, read_body};

    use super::*;

    // The delivery in examples/payloads/captured, signed outside this project
    // (see that folder's README), replayed at the time it was sent.
    const SECRET: &str = "whsec_FCJMkukBU/eGIkEjqAHu/ialNjgBTnyuLXHs6YbHWJ8=";
    const BODY: &str = include_str!("../../payloads/captured/body.json");
    const SENT_AT: u64 = 1767226813;

    fn captured() -> TestRequest {
        TestRequest::post()
            .uri("/webhooks/lumenfall")
            .insert_header(("webhook-id", "msg_req_01jxzta4cgxxp1crmsefxrxp9f"))
            .insert_header(("webhook-timestamp", "1767226813"))
            .append_header((
                "webhook-signature",
                "v1,paqJzi0zkXxIX5H4ZhvQmrPYpBaSyxhnNHJmjc9oR5k=",
            ))
            .append_header((
                "webhook-signature",
                "v1,VfVgAlgWQ76qSGFi1LkS7cgTDT3nRyxxOu9RMKrgv+A=",
            ))
    }

    fn config() -> WebhookConfig {
        let ring = vec![VerifyKey::parse(SECRET).expect("valid secret")];
        WebhookConfig::new(Verifier::new(ring).expect("one key")).clock(|| SENT_AT)
    }

    #[actix_web::test]
    async fn summarises_the_captured_delivery() {
        let app = init_service(App::new().app_data(config()).configure(routes)).await;
        let res = call_service(&app, captured().set_payload(BODY).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK);
        let body = read_body(res).await;
        assert_eq!(
            body,
            r#"{"type":"video.completed","id":"req_01jxzta4cgxxp1crmsefxrxp9f","url":"https://media.example.com/videos/req_01jxzta4cgxxp1crmsefxrxp9f.mp4"}"#
        );
    }

    #[actix_web::test]
    async fn refuses_the_captured_delivery_when_altered() {
        let app = init_service(App::new().app_data(config()).configure(routes)).await;
        let altered = BODY.replace("veo-3", "veo-4");
        let res = call_service(&app, captured().set_payload(altered).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn reads_every_sample_event() {
        let samples = [
            include_str!("../../payloads/video.completed.json"),
            include_str!("../../payloads/video.failed.json"),
            include_str!("../../payloads/video.cancelled.json"),
        ];
        for sample in samples {
            let event: Event = serde_json::from_str(sample).expect("sample parses");
            assert!(!matches!(event, Event::Unknown), "{sample}");
        }
        let unknown = r#"{"type":"image.completed","data":{"id":"req_1"}}"#;
        let event: Event = serde_json::from_str(unknown).expect("unknown types parse");
        assert!(matches!(event, Event::Unknown));
    }
}
