using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TradeNode.Chain.Bitcoind;
using TradeNode.Chain.Regtest;
using TradeNode.Chain.Rpc;

namespace TradeNode.Chain.Tests;

/// <summary>A real chain served on a free loopback port with cookie authentication, plus a client and raw HTTP access.</summary>
public sealed class RpcFixture : IAsyncDisposable
{
    private RpcFixture(string directory, RegtestChain chain, ChainRpcServer server)
    {
        Directory = directory;
        Chain = chain;
        Server = server;
        Client = new BitcoindRpcClient(new BitcoindRpcClientOptions
        {
            Endpoint = server.Address,
            Network = Network.RegTest,
            CookieFilePath = server.CookiePath,
            MaxRetryAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });
        Http = new HttpClient();
    }

    public string Directory { get; }

    public RegtestChain Chain { get; }

    public ChainRpcServer Server { get; }

    public BitcoindRpcClient Client { get; }

    public HttpClient Http { get; }

    public static async Task<RpcFixture> StartAsync(long maxBodyBytes = 32 * 1024 * 1024)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tradenode-rpc-" + Guid.NewGuid().ToString("N"));
        var chain = RegtestChain.Open(directory);
        var server = await ChainRpcServer.StartAsync(chain, new ChainRpcServerOptions { Port = 0, DataDirectory = directory, MaxRequestBodyBytes = maxBodyBytes });
        return new RpcFixture(directory, chain, server);
    }

    /// <summary>Posts a raw body with the cookie credentials; returns the HTTP status and the parsed reply (null if none).</summary>
    public async Task<(int Status, JsonNode? Reply)> PostAsync(string body, bool authenticate = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Server.Address) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authenticate)
        {
            var cookie = await File.ReadAllTextAsync(Server.CookiePath!);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(cookie)));
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
        Chain.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
