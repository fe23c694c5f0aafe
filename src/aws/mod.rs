//! The AWS side of `kplan catalog update` (cargo feature `aws`): configuration and credentials,
//! the paged EC2 calls, the Pricing API, and errors people can act on.

pub mod convert;
pub mod pricing;
pub mod spot;

use crate::catalog::refresh::Fetched;
use anyhow::{Result, anyhow};
use aws_config::BehaviorVersion;
use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_ec2::types::{Filter, LocationType};
use std::collections::BTreeMap;

/// The largest response body accepted from one AWS call. The largest real pages are a few MB
/// (100 DescribeInstanceTypes records, 100 Pricing documents); a bigger body is refused
/// instead of growing in memory (an endless or hostile endpoint).
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// Where and how to call AWS.
#[derive(Debug, Clone)]
pub struct Target {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// A validated `http(s)://` URL without user:password.
    pub endpoint_url: Option<String>,
    /// Most time to open a connection.
    pub connect_timeout: std::time::Duration,
    /// Most time for one request: connect, send, and the whole answer (each retry again).
    pub request_timeout: std::time::Duration,
    /// Also query per-zone offerings (DescribeInstanceTypeOfferings, availability-zone).
    pub zones: bool,
    /// Skip the Pricing API and keep the base catalog's on-demand prices.
    pub no_pricing: bool,
}

/// A loaded AWS configuration.
pub struct Aws {
    config: aws_config::SdkConfig,
    pub region: String,
    pub endpoint: Option<String>,
}

/// How to configure credentials, for the "no credentials" error.
pub const CREDENTIALS_HELP: &str = "configure credentials with `aws configure` (or `aws sso login` and --profile NAME), \
or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE; \
on EC2, ECS or EKS an instance or pod role is used automatically";

impl Aws {
    /// Loads the standard configuration chain (env, profile, SSO, IMDS, ...) and checks that
    /// credentials and a region are present.
    pub async fn load(target: &Target) -> Result<Aws> {
        use aws_config::timeout::TimeoutConfig;
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(target.connect_timeout)
            .read_timeout(target.request_timeout)
            .operation_attempt_timeout(target.request_timeout)
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts);
        if let Some(p) = &target.profile {
            // As the AWS CLI: --profile selects that profile's credentials even when
            // AWS_ACCESS_KEY_ID is set (the default chain would read the environment first).
            let creds = aws_config::profile::ProfileFileCredentialsProvider::builder()
                .profile_name(p)
                .build();
            loader = loader.profile_name(p).credentials_provider(creds);
        }
        if let Some(r) = &target.region {
            loader = loader.region(aws_config::Region::new(r.clone()));
        }
        if let Some(e) = &target.endpoint_url {
            loader = loader.endpoint_url(e);
        }
        let config = loader.load().await;
        let region = config
            .region()
            .map(|r| r.to_string())
            .ok_or_else(|| anyhow!("no AWS region: pass --region (e.g. --region us-east-1) or set AWS_REGION, or set one in the profile"))?;
        use aws_sdk_ec2::config::ProvideCredentials;
        let provider = config
            .credentials_provider()
            .ok_or_else(|| anyhow!("no AWS credentials: {CREDENTIALS_HELP}"))?;
        match provider.provide_credentials().await {
            Ok(c) => {
                // Whatever is printed later, these values never are.
                crate::sanitize::add_secret(c.access_key_id());
                crate::sanitize::add_secret(c.secret_access_key());
                if let Some(t) = c.session_token() {
                    crate::sanitize::add_secret(t);
                }
            }
            Err(e) => {
                let profile = target.profile.as_ref().map_or(String::new(), |p| {
                    format!(" (profile '{}')", crate::sanitize::echo(p, 64))
                });
                return Err(anyhow!(
                    "no usable AWS credentials{profile}: {}; {CREDENTIALS_HELP}",
                    chain(&e)
                ));
            }
        }
        Ok(Aws {
            config,
            region,
            endpoint: target.endpoint_url.clone(),
        })
    }

    /// `the EC2 API in REGION` or the custom endpoint, for messages.
    pub fn endpoint_label(&self) -> String {
        match &self.endpoint {
            Some(e) => format!("{e} (region {})", self.region),
            None => format!("the AWS API in {}", self.region),
        }
    }

    fn ec2(&self) -> aws_sdk_ec2::Client {
        let conf = aws_sdk_ec2::config::Builder::from(&self.config)
            .interceptor(BodyLimit)
            .build();
        aws_sdk_ec2::Client::from_conf(conf)
    }

    /// A Pricing client: the API lives in us-east-1 (unless a custom endpoint is given).
    pub fn pricing_client(&self) -> aws_sdk_pricing::Client {
        let mut b = aws_sdk_pricing::config::Builder::from(&self.config).interceptor(BodyLimit);
        if self.endpoint.is_none() {
            b = b.region(aws_sdk_pricing::config::Region::new("us-east-1"));
        }
        aws_sdk_pricing::Client::from_conf(b.build())
    }
}

/// Caps every response body at [`MAX_RESPONSE_BYTES`] before the SDK reads it into memory.
#[derive(Debug)]
struct BodyLimit;

impl aws_sdk_ec2::config::Intercept for BodyLimit {
    fn name(&self) -> &'static str {
        "kplan-response-size-limit"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut aws_sdk_ec2::config::interceptors::BeforeDeserializationInterceptorContextMut<
            '_,
        >,
        _components: &aws_sdk_ec2::config::RuntimeComponents,
        _cfg: &mut aws_sdk_ec2::config::ConfigBag,
    ) -> std::result::Result<(), aws_sdk_ec2::error::BoxError> {
        use aws_smithy_types::body::SdkBody;
        let body = std::mem::replace(context.response_mut().body_mut(), SdkBody::taken());
        *context.response_mut().body_mut() =
            SdkBody::from_body_1_x(http_body_util::Limited::new(body, MAX_RESPONSE_BYTES));
        Ok(())
    }
}

/// Did the response-size cap stop this error's request?
fn over_size_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cur = err.source();
    }
    false
}

/// An error and its sources on one line, each message once (no debug dumps).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        let msg = err.to_string();
        if !msg.is_empty() && !parts.iter().any(|p| p.contains(&msg)) {
            parts.push(msg);
        }
        cur = err.source();
    }
    parts.join(": ")
}

/// Turns an SDK error into one line a person can act on.
pub fn describe_sdk_error<E>(
    err: &SdkError<E, HttpResponse>,
    action: &str,
    endpoint: &str,
) -> anyhow::Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    use crate::sanitize::server_text;
    // The server's words are shown on one line, bounded, with credentials redacted (an
    // endpoint may reflect the request, signature and session token included).
    let code = server_text(err.code().unwrap_or_default());
    let code = code.as_str();
    let status = err.raw_response().map(|r| r.status().as_u16());
    let message = server_text(err.message().unwrap_or_default());
    if over_size_limit(err) {
        return anyhow!(
            "{action}: {endpoint} sent an answer larger than {} MiB, kplan's response size limit; refused",
            MAX_RESPONSE_BYTES / (1024 * 1024)
        );
    }
    match err {
        SdkError::DispatchFailure(d) if d.is_timeout() => anyhow!(
            "{action}: {endpoint} did not answer in time (network, proxy or endpoint down? --connect-timeout, --timeout); nothing written: {}",
            chain(err)
        ),
        SdkError::DispatchFailure(_) => anyhow!(
            "{action}: cannot reach {endpoint} (check the network, proxy, --endpoint-url and --region): {}",
            chain(err)
        ),
        SdkError::TimeoutError(_) => anyhow!(
            "{action}: {endpoint} did not answer completely in time (--timeout); nothing written"
        ),
        _ if code == "UnauthorizedOperation"
            || code == "AccessDenied"
            || code == "AccessDeniedException" =>
        {
            anyhow!(
                "{action}: access denied by {endpoint}; the credentials need the IAM permission {action} ({code}: {message})"
            )
        }
        _ if code.contains("Throttl") || code == "RequestLimitExceeded" => anyhow!(
            "{action}: still throttled by {endpoint} after the SDK's retries ({code}); try again later"
        ),
        _ if code == "AuthFailure"
            || code == "InvalidClientTokenId"
            || code == "UnrecognizedClientException"
            || code == "ExpiredToken"
            || code == "SignatureDoesNotMatch" =>
        {
            anyhow!(
                "{action}: {endpoint} rejected the credentials ({code}: {message}); {CREDENTIALS_HELP}"
            )
        }
        _ if !code.is_empty() => anyhow!("{action}: {endpoint} answered {code}: {message}"),
        _ if status.is_some_and(|s| s == 401 || s == 403) => anyhow!(
            "{action}: access denied by {endpoint} (HTTP {}); the credentials need the IAM permission {action}",
            status.unwrap_or_default()
        ),
        _ if status.is_some() => anyhow!(
            "{action}: {endpoint} answered HTTP {} with a body that is not an AWS answer",
            status.unwrap_or_default()
        ),
        _ => anyhow!("{action}: {}", server_text(&chain(err))),
    }
}

/// Progress callbacks: operation name, pages so far, items so far.
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);

/// Runs the EC2 calls (and the Pricing API unless disabled) for one region.
pub async fn fetch(aws: &Aws, target: &Target, progress: Progress<'_>) -> Result<Fetched> {
    let ec2 = aws.ec2();
    let at = aws.endpoint_label();
    let fetched_at = crate::time::now_rfc3339();
    let types = instance_types(&ec2, &at, progress).await?;
    let region_offers = offerings(
        &ec2,
        &aws.region,
        &at,
        LocationType::Region,
        "DescribeInstanceTypeOfferings",
        progress,
    )
    .await?;
    let offered = convert::offered_types(&region_offers);
    let mut zones = BTreeMap::new();
    if target.zones {
        let zone_offers = offerings(
            &ec2,
            &aws.region,
            &at,
            LocationType::AvailabilityZone,
            "DescribeInstanceTypeOfferings (zones)",
            progress,
        )
        .await?;
        zones = convert::zones_by_type(&zone_offers);
    }
    let spot_rows = spot_history(&ec2, &at, progress).await?;
    let spot = convert::lowest_latest_spot(&spot_rows);
    let spot_zones = spot::latest_per_zone(&spot_rows);
    let on_demand = on_demand(aws, target, progress).await;
    Ok(Fetched {
        region: aws.region.clone(),
        endpoint: aws.endpoint.clone().unwrap_or_default(),
        types,
        offered,
        spot,
        spot_zones,
        on_demand,
        fetched_at,
        zones,
    })
}

/// Every instance type (ec2:DescribeInstanceTypes), converted.
async fn instance_types(
    ec2: &aws_sdk_ec2::Client,
    at: &str,
    progress: Progress<'_>,
) -> Result<Vec<crate::catalog::InstanceType>> {
    convert::all_pages(
        "ec2:DescribeInstanceTypes",
        |token| {
            let req = ec2
                .describe_instance_types()
                .max_results(100)
                .set_next_token(token);
            async move {
                let out = req
                    .send()
                    .await
                    .map_err(|e| describe_sdk_error(&e, "ec2:DescribeInstanceTypes", at))?;
                let items: Vec<_> = out
                    .instance_types()
                    .iter()
                    .filter_map(convert::instance_type)
                    .collect();
                Ok((items, out.next_token().map(str::to_string)))
            }
        },
        |p, n| progress("DescribeInstanceTypes", p, n),
    )
    .await
}

/// The instance type offerings by `location` (ec2:DescribeInstanceTypeOfferings): in
/// `region` only for [`LocationType::Region`], in every zone for the zone location.
async fn offerings(
    ec2: &aws_sdk_ec2::Client,
    region: &str,
    at: &str,
    location: LocationType,
    label: &str,
    progress: Progress<'_>,
) -> Result<Vec<aws_sdk_ec2::types::InstanceTypeOffering>> {
    const OP: &str = "ec2:DescribeInstanceTypeOfferings";
    convert::all_pages(
        OP,
        |token: Option<String>| {
            let mut req = ec2
                .describe_instance_type_offerings()
                .location_type(location.clone())
                .max_results(1000)
                .set_next_token(token);
            if location == LocationType::Region {
                req = req.filters(Filter::builder().name("location").values(region).build());
            }
            async move {
                let out = req
                    .send()
                    .await
                    .map_err(|e| describe_sdk_error(&e, OP, at))?;
                Ok((
                    out.instance_type_offerings().to_vec(),
                    out.next_token().map(str::to_string),
                ))
            }
        },
        |p, n| progress(label, p, n),
    )
    .await
}

/// The Linux/UNIX spot prices in effect now, every zone (ec2:DescribeSpotPriceHistory).
async fn spot_history(
    ec2: &aws_sdk_ec2::Client,
    at: &str,
    progress: Progress<'_>,
) -> Result<Vec<aws_sdk_ec2::types::SpotPrice>> {
    let start = aws_sdk_ec2::primitives::DateTime::from(std::time::SystemTime::now());
    convert::all_pages(
        "ec2:DescribeSpotPriceHistory",
        |token| {
            let req = ec2
                .describe_spot_price_history()
                .product_descriptions("Linux/UNIX")
                .start_time(start)
                .max_results(1000)
                .set_next_token(token);
            async move {
                let out = req
                    .send()
                    .await
                    .map_err(|e| describe_sdk_error(&e, "ec2:DescribeSpotPriceHistory", at))?;
                Ok((
                    out.spot_price_history().to_vec(),
                    out.next_token().map(str::to_string),
                ))
            }
        },
        |p, n| progress("DescribeSpotPriceHistory", p, n),
    )
    .await
}

/// On-demand prices from the Pricing API, or why there are none (`--no-pricing`, an error).
async fn on_demand(
    aws: &Aws,
    target: &Target,
    progress: Progress<'_>,
) -> std::result::Result<BTreeMap<String, f64>, String> {
    if target.no_pricing {
        return Err("skipped with --no-pricing".to_string());
    }
    use pricing::PriceSource;
    let api = pricing::PricingApi { aws };
    api.on_demand(&aws.region, &mut |p, n| progress("GetProducts", p, n))
        .await
        .map_err(|e| format!("{e:#}"))
}
