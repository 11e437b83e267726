using System.Net;
using System.Net.Sockets;
using TradeNode.Tests.Commands;

namespace TradeNode.Tests.Cli;

/// <summary>Client verbs when there is no node to talk to: exit 4 and one sentence saying how to start one.</summary>
public sealed class ClientConnectionTests : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"tradenode-cli-connect-{Guid.NewGuid():N}");

    public ClientConnectionTests() => Directory.CreateDirectory(_dataDirectory);

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Theory]
    [InlineData("node", "info")]
    [InlineData("wallet", "balance")]
    [InlineData("offers", "list")]
    [InlineData("peers", "list")]
    public async Task No_api_address_in_the_data_directory_says_no_node_runs_there(string area, string verb)
    {
        var result = await TradeNodeProcess.RunAsync([area, verb, "--datadir", _dataDirectory]);

        CliAssert.CannotConnect(result);
        Assert.Contains($"No node is running with data directory {_dataDirectory}: api.address not found", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"`tradenode node --datadir {_dataDirectory}`", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_on_the_port_is_a_connect_error_with_the_start_hint()
    {
        File.WriteAllText(Path.Combine(_dataDirectory, "api.cookie"), Key + "\n");
        var port = FreePort();

        var result = await TradeNodeProcess.RunAsync(["node", "info", "--datadir", _dataDirectory, "--api-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        CliAssert.CannotConnect(result);
        Assert.Contains($"Cannot reach the node's API at http://127.0.0.1:{port}/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("tradenode node --datadir", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_api_address_says_the_node_may_have_stopped()
    {
        File.WriteAllText(Path.Combine(_dataDirectory, "api.address"), $"http://127.0.0.1:{FreePort()}\n");
        File.WriteAllText(Path.Combine(_dataDirectory, "api.cookie"), Key + "\n");

        var result = await TradeNodeProcess.RunAsync(["offers", "watch", "--count", "1", "--datadir", _dataDirectory]);

        CliAssert.CannotConnect(result);
        Assert.Contains("the node may have stopped", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_cookie_names_the_file_looked_for()
    {
        File.WriteAllText(Path.Combine(_dataDirectory, "api.address"), "http://127.0.0.1:18736\n");

        var result = await TradeNodeProcess.RunAsync(["wallet", "status", "--datadir", _dataDirectory]);

        CliAssert.CannotConnect(result);
        Assert.Contains(Path.Combine(_dataDirectory, "api.cookie") + " not found", result.Stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
