using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using TradeNode.Chain.Rpc;

namespace TradeNode.Chain.Bitcoind;

/// <summary>
/// <see cref="IChainClient"/> over Bitcoin Core's JSON-RPC (HTTP, JSON-RPC 2.0 requests, user/password or cookie).
/// Calls that are safe to repeat are retried on transient failures with jittered exponential backoff; calls that are
/// not (mining, stop) are retried only when the connection was refused, so the server never saw them. A circuit
/// breaker stops hammering a server that keeps failing.
/// </summary>
public sealed partial class BitcoindRpcClient : IDisposable
{
    private readonly BitcoindRpcClientOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline _idempotent;
    private readonly ResiliencePipeline _nonIdempotent;
    private string? _authorization;
    private long _nextId;

    public BitcoindRpcClient(BitcoindRpcClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.User is null && options.CookieFilePath is null)
        {
            throw new ArgumentException("Give an RPC user and password or the path of bitcoind's cookie file.", nameof(options));
        }

        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var breaker = new CircuitBreakerStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, idempotent: true)),
            FailureRatio = 0.5,
            MinimumThroughput = Math.Max(2, options.CircuitBreakerMinimumThroughput),
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.BreakDuration,
        };
        _idempotent = Build(options, breaker, idempotent: true);
        _nonIdempotent = Build(options, breaker, idempotent: false);
    }

    /// <summary>Raised before each retry with the attempt number and the failure (for logs and tests).</summary>
    public event EventHandler<BitcoindRetryEventArgs>? Retrying;

    public Network Network => _options.Network;

    /// <summary>Calls <paramref name="method"/>; RPC errors come back as <see cref="JsonRpcException"/> with Core's code.</summary>
    public Task<JsonNode?> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default) =>
        CallAsync(method, parameters, idempotent: true, cancellationToken);

    public async Task<JsonNode?> CallAsync(string method, JsonArray parameters, bool idempotent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var pipeline = idempotent ? _idempotent : _nonIdempotent;
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = parameters.DeepClone(),
        }.ToJsonString();
        return await pipeline.ExecuteAsync(async token => await SendAsync(body, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private ResiliencePipeline Build(BitcoindRpcClientOptions options, CircuitBreakerStrategyOptions breaker, bool idempotent) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, idempotent)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
                OnRetry = args =>
                {
                    Retrying?.Invoke(this, new BitcoindRetryEventArgs(args.AttemptNumber + 1, args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(breaker)
            .AddTimeout(options.AttemptTimeout)
            .Build();

    /// <summary>
    /// Transient: the connection was refused or the cookie file is not there yet (always: nothing reached the server), or, for
    /// calls safe to repeat, a timeout, a dropped connection, an HTTP 5xx or RPC -28 (still loading).
    /// </summary>
    private static bool IsTransient(Exception? exception, bool idempotent) => exception switch
    {
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => true,
        FileNotFoundException or DirectoryNotFoundException => true, // the cookie file appears when the server has started

        BrokenCircuitException => false,
        _ when !idempotent => false,
        HttpRequestException { StatusCode: null or >= HttpStatusCode.InternalServerError } => true,
        TimeoutRejectedException => true,
        JsonRpcException { Code: RpcErrorCode.InWarmup } => true,
        _ => false,
    };

    private async Task<JsonNode?> SendAsync(string body, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(await GetAuthorizationAsync(reload: attempt > 0, cancellationToken).ConfigureAwait(false));
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                if (attempt == 0 && _options.CookieFilePath is not null)
                {
                    continue;
                }

                throw new HttpRequestException("Bitcoin Core refused the RPC credentials (HTTP 401): check rpcuser/rpcpassword or the cookie file.", null, HttpStatusCode.Unauthorized);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonNode? reply;
            try
            {
                reply = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                throw new HttpRequestException($"Bitcoin Core answered HTTP {(int)response.StatusCode} without a JSON-RPC reply.", null, response.StatusCode);
            }

            if (reply?["error"] is JsonObject error)
            {
                throw new JsonRpcException(error["code"]?.GetValue<int>() ?? RpcErrorCode.MiscError, error["message"]?.GetValue<string>() ?? "unknown error");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Bitcoin Core answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
            }

            return reply?["result"];
        }
    }

    private async Task<string> GetAuthorizationAsync(bool reload, CancellationToken cancellationToken)
    {
        if (_authorization is not null && !reload)
        {
            return _authorization;
        }

        var credentials = _options.User is not null
            ? $"{_options.User}:{_options.Password}"
            : (await File.ReadAllTextAsync(_options.CookieFilePath!, cancellationToken).ConfigureAwait(false)).Trim();
        _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        return _authorization;
    }
}
