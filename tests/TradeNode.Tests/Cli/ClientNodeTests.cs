using System.Text.Json;
using TradeNode.Tests.Api;
using TradeNode.Tests.Commands;
using TradeNode.Tests.P2P;

namespace TradeNode.Tests.Cli;

/// <summary>The client verbs against real <c>tradenode node</c> processes, found through their data directories alone.</summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ClientNodeTests() : ApiProcessTestBase("cli")
{
    [Fact]
    public async Task Node_info_finds_the_node_through_its_data_directory_alone()
    {
        var node = await StartNodeAsync("a", "--name", "alice");

        var human = await CliAsync(node, "node", "info");
        var json = await CliAsync(node, "node", "info", "--json");

        CliAssert.Success(human);
        Assert.Matches($@"(?m)^Node id:\s+{node.StartNodeId}$", human.Stdout);
        Assert.Matches(@"(?m)^Identity:\s+provisional ", human.Stdout);
        Assert.Matches(@"(?m)^Network:\s+regtest$", human.Stdout);
        Assert.Matches(@"(?m)^Name:\s+alice$", human.Stdout);
        CliAssert.Success(json);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(node.StartNodeId, document.RootElement.GetProperty("nodeId").GetString());
        Assert.Equal("regtest", document.RootElement.GetProperty("network").GetString());
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("peerCount").ValueKind);
    }

    [Fact]
    public async Task Peers_are_added_listed_and_removed_through_the_cli()
    {
        var a = await StartNodeAsync("a");
        var b = await StartNodeAsync("b");

        var added = await CliAsync(a, "peers", "add", b.P2PAddress);
        await EventuallyAsync(async () => (await CliAsync(a, "peers", "list")).Stdout.Contains(b.NodeId, StringComparison.Ordinal), "a lists b");
        var table = await CliAsync(a, "peers", "list");
        var json = await CliAsync(b, "peers", "list", "--json");
        var unknown = await CliAsync(a, "peers", "remove", "127.0.0.1:1");
        var removed = await CliAsync(a, "peers", "remove", b.NodeId);

        CliAssert.Success(added);
        Assert.Contains($"Peer {b.P2PAddress} added", added.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^ADDRESS\s+NODE ID\s+NAME\s+STATE\s+SINCE$", table.Stdout);
        Assert.Matches($@"(?m)^\S+\s+{b.NodeId}\s+\S+\s+(outbound|inbound)\s", table.Stdout);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Contains(document.RootElement.GetProperty("peers").EnumerateArray(), peer => peer.GetProperty("nodeId").GetString() == a.NodeId && peer.GetProperty("connected").GetBoolean());
        CliAssert.ApiError(unknown);
        Assert.Contains("127.0.0.1:1", unknown.Stderr, StringComparison.Ordinal);
        CliAssert.Success(removed);
        Assert.Equal($"Peer {b.NodeId} removed.", removed.Stdout.Trim());
    }

    [Fact]
    public async Task A_wrong_cookie_is_refused_with_a_hint_about_the_cookie_and_the_right_one_works_with_api_cookie()
    {
        var node = await StartNodeAsync("a");
        var elsewhere = Path.Combine(Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.Copy(Path.Combine(node.DataDirectory, "api.address"), Path.Combine(elsewhere, "api.address"));
        var wrongKey = new string('7', 64);
        File.WriteAllText(Path.Combine(elsewhere, "api.cookie"), wrongKey + "\n");

        var refused = await TradeNodeProcess.RunAsync(["node", "info", "--datadir", elsewhere]);
        var accepted = await TradeNodeProcess.RunAsync(["node", "info", "--datadir", elsewhere, "--api-cookie", Path.Combine(node.DataDirectory, "api.cookie")]);

        CliAssert.ApiError(refused);
        Assert.Contains("The node refused the API key", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(elsewhere, "api.cookie"), refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(node.ApiKey, refused.Stderr, StringComparison.Ordinal);
        CliAssert.Success(accepted);
        Assert.Contains(node.NodeId, accepted.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_stop_ends_the_node_and_then_no_node_is_running_there()
    {
        var node = await StartNodeAsync("a");

        var stop = await CliAsync(node, "node", "stop");
        var exitCode = await node.WaitForExitAsync();
        var after = await CliAsync(node, "node", "info");

        CliAssert.Success(stop);
        Assert.Contains("is stopping", stop.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        CliAssert.CannotConnect(after);
        Assert.Contains("No node is running", after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_prints_the_current_state_and_ends_cleanly_on_ctrl_c()
    {
        var node = await StartNodeAsync("a");
        using var watch = System.Diagnostics.Process.Start(TradeNodeProcess.CreateStartInfo(["wallet", "watch", "--datadir", node.DataDirectory]))!;
        var stderr = watch.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var first = await watch.StandardOutput.ReadLineAsync(timeout.Token);
        using (var interrupt = System.Diagnostics.Process.Start("kill", ["-INT", watch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(timeout.Token);
        }

        await watch.WaitForExitAsync(timeout.Token);

        Assert.StartsWith("-- ", first, StringComparison.Ordinal);
        Assert.Equal(0, watch.ExitCode);
        Assert.Equal(string.Empty, await stderr);
    }

    private static Task<ProcessResult> CliAsync(ApiNodeProcess node, params string[] args) =>
        TradeNodeProcess.RunAsync([.. args, "--datadir", node.DataDirectory]);
}
