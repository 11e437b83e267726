using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TradeNode.Tests.P2P;

/// <summary>
/// A running <c>tradenode node</c> process with its control surface. Start waits (with a deadline) for the lines that
/// announce the node key, the P2P address and the control address; Stop asks it to stop over POST /stop and kills it
/// if it does not exit.
/// </summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly HttpClient _http;

    private NodeProcess(Process process, Task<string> stderr, string dataDirectory, int port, string nodeKey, Uri control)
    {
        _process = process;
        _stderr = stderr;
        DataDirectory = dataDirectory;
        Port = port;
        NodeKey = nodeKey;
        _http = new HttpClient { BaseAddress = control, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public string NodeKey { get; }

    public bool HasExited => _process.HasExited;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Task<NodeProcess> StartAsync(string dataDirectory, int port, params string[] seeds) => StartAsync(dataDirectory, port, seeds, []);

    public static async Task<NodeProcess> StartAsync(string dataDirectory, int port, string[] seeds, string[] extraArgs)
    {
        List<string> args = ["node", "--datadir", dataDirectory, "--p2p-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--api-port", "0", "--control-port", "0", .. extraArgs];
        foreach (var seed in seeds)
        {
            args.Add("--seed");
            args.Add(seed);
        }

        var process = Process.Start(TradeNodeProcess.CreateStartInfo(args)) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        string? key = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (KeyLine().Match(line) is { Success: true } keyMatch)
                {
                    key = keyMatch.Groups["key"].Value;
                }
                else if (ControlLine().Match(line) is { Success: true } control && key is not null)
                {
                    _ = process.StandardOutput.ReadToEndAsync();
                    return new NodeProcess(process, stderr, dataDirectory, port, key, new Uri(control.Groups["address"].Value));
                }
            }

            throw new InvalidOperationException($"tradenode node exited before announcing its control address: {await stderr}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tradenode node did not announce its addresses within {StartTimeout.TotalSeconds} s.");
        }
    }

    public async Task<IReadOnlyList<NodeItem>> ItemsAsync(string? kind = null) =>
        await _http.GetFromJsonAsync<NodeItem[]>(kind is null ? "items" : $"items?kind={kind}", Json) ?? [];

    public async Task<JsonElement> InfoAsync() => await _http.GetFromJsonAsync<JsonElement>("info", Json);

    public async Task<int> PeerCountAsync() => (await InfoAsync()).GetProperty("peers").GetArrayLength();

    public async Task<IReadOnlyList<string>> BansAsync() =>
        [.. (await InfoAsync()).GetProperty("bans").EnumerateArray().Select(b => b.GetString()!)];

    /// <summary>Publishes an item; returns its id (asserting it was stored).</summary>
    public async Task<string> PublishAsync(string kind, string key, ulong sequence, string body, int ttlSeconds = 3600)
    {
        var response = await _http.PostAsJsonAsync("items", new { kind, key, sequence, body, ttlSeconds }, Json);
        return await StoredIdAsync(response);
    }

    public async Task<string> TombstoneAsync(string kind, string key, ulong sequence)
    {
        var response = await _http.PostAsJsonAsync("tombstones", new { kind, key, sequence }, Json);
        return await StoredIdAsync(response);
    }

    public async Task<string> SendMailAsync(string recipientKey, string payload)
    {
        var response = await _http.PostAsJsonAsync("mailbox", new { recipient = recipientKey, payload }, Json);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("messageId").GetString()!;
    }

    public async Task<IReadOnlyList<NodeMail>> MailAsync() => await _http.GetFromJsonAsync<NodeMail[]>("mailbox", Json) ?? [];

    /// <summary>Asks the node to stop and waits for it to exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _http.PostAsync("stop", null);
            }
            catch (HttpRequestException)
            {
            }

            using var timeout = new CancellationTokenSource(StartTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        return _process.ExitCode;
    }

    public async Task<string> StderrAsync()
    {
        await StopAsync();
        return await _stderr;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _stderr.WaitAsync(StartTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
        _process.Dispose();
    }

    private static async Task<string> StoredIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("Stored", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetString()!;
    }

    [GeneratedRegex(@"^TradeNode node \S+ key (?<key>[0-9a-f]{64})$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^Control on (?<address>http://127\.0\.0\.1:\d+/)$")]
    private static partial Regex ControlLine();
}
