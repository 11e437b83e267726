using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using TradeNode.Tests.P2P;
using Xunit.Abstractions;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>The node host and its API surface: key, health, reflection, GetInfo, Stop, settings, peers.</summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiNodeTests(ITestOutputHelper output) : ApiProcessTestBase("node")
{
    [Fact]
    public async Task A_call_without_the_key_or_with_a_wrong_key_is_unauthenticated_and_with_the_key_it_is_answered()
    {
        var node = await StartNodeAsync("a");

        var none = await Assert.ThrowsAsync<RpcException>(() => new V1.Node.NodeClient(node.CreateInvoker(null)).GetInfoAsync(new V1.GetInfoRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => new V1.Node.NodeClient(node.CreateInvoker(new string('0', 64))).GetInfoAsync(new V1.GetInfoRequest()).ResponseAsync);
        var peersWithoutKey = await Assert.ThrowsAsync<RpcException>(() => new V1.Peers.PeersClient(node.CreateInvoker(null)).ListAsync(new V1.ListPeersRequest()).ResponseAsync);
        var info = await node.Node.GetInfoAsync(new V1.GetInfoRequest());

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Contains("api.cookie", none.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Contains("wrong", wrong.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, peersWithoutKey.StatusCode);
        Assert.Equal(node.StartNodeId, info.NodeId);
    }

    [Fact]
    public async Task The_cookie_is_64_hex_characters_readable_by_the_owner_only_and_survives_a_restart()
    {
        var node = await StartNodeAsync("a");
        var cookie = Path.Combine(node.DataDirectory, "api.cookie");
        var key = node.ApiKey;
        await node.StopAsync();
        var restarted = await StartNodeAsync("a");

        Assert.Matches("^[0-9a-f]{64}$", key);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cookie));
        }

        Assert.Equal(key, restarted.ApiKey);
        Assert.Equal(node.StartNodeId, (await restarted.Node.GetInfoAsync(new V1.GetInfoRequest())).NodeId);
    }

    [Fact]
    public async Task Health_answers_serving_without_a_key_and_reflection_lists_every_service_with_the_key()
    {
        var node = await StartNodeAsync("a");
        output.WriteLine($"Startup, process start to health SERVING, empty data directory: {node.StartupTime.TotalMilliseconds:0} ms");

        var health = await node.HealthAsync();
        var services = await ListServicesAsync(node.Invoker);
        var withoutKey = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(node.CreateInvoker(null)));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health);
        foreach (var service in new[] { "Node", "Wallet", "Offers", "Listings", "Arbitrators", "Peers" })
        {
            Assert.Contains($"tradenode.api.v1.{service}", services);
        }

        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Equal(StatusCode.Unauthenticated, withoutKey.StatusCode);
    }

    [Fact]
    public async Task GetInfo_reports_identity_network_chain_p2p_address_and_start_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var node = await StartNodeAsync("a", "--name", "alice");

        var info = await node.Node.GetInfoAsync(new V1.GetInfoRequest());

        Assert.Equal("0.1.0", info.Version);
        Assert.Equal(node.StartNodeId, info.NodeId);
        Assert.Matches("^[0-9a-f]{64}$", info.NodeKey);
        Assert.Equal(V1.NodeIdentitySource.Provisional, info.IdentitySource);
        Assert.Equal("regtest", info.Network);
        Assert.Equal("embedded", info.ChainBackend);
        Assert.Equal(0, info.ChainHeight);
        Assert.Equal("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", info.ChainTipHash);
        Assert.Equal(node.P2PAddress, info.P2PAddress);
        Assert.Equal("alice", info.Name);
        Assert.Equal(0, info.PeerCount);
        Assert.True(info.ItemCount >= 1, "the node's own profile is in its store");
        Assert.InRange(info.StartedAt.ToDateTimeOffset(), before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Stop_through_the_api_exits_with_code_0_and_removes_the_address_file()
    {
        var node = await StartNodeAsync("a");
        var addressFile = Path.Combine(node.DataDirectory, "api.address");
        Assert.True(File.Exists(addressFile));

        await node.Node.StopAsync(new V1.StopRequest());
        var exitCode = await node.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(addressFile));
        Assert.True(File.Exists(Path.Combine(node.DataDirectory, "api.cookie")));
        Assert.Contains("Stopped.", await node.StdoutAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_the_node_gracefully_with_exit_code_0()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var node = await StartNodeAsync("a");
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", node.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();

        Assert.Equal(0, await node.WaitForExitAsync());
        Assert.False(File.Exists(Path.Combine(node.DataDirectory, "api.address")));
        Assert.Contains("Stopped.", await node.StdoutAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_come_from_the_command_line_before_the_environment_before_appsettings_json()
    {
        var directory = Path.Combine(Root, "a");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), """{ "Name": "from-file" }""");

        var fromFile = await StartAndReadNameAsync(directory, new Dictionary<string, string>());
        var fromEnvironment = await StartAndReadNameAsync(directory, new Dictionary<string, string> { ["TRADENODE__NAME"] = "from-env" });
        var fromCommandLine = await StartAndReadNameAsync(directory, new Dictionary<string, string> { ["TRADENODE__NAME"] = "from-env" }, "--name", "from-cli");

        Assert.Equal(("from-file", "from-env", "from-cli"), (fromFile, fromEnvironment, fromCommandLine));
    }

    [Theory]
    [InlineData("mainnet", "real money")]
    [InlineData("signet", "embedded chain is a regtest chain")]
    public async Task Mainnet_without_consent_and_the_embedded_chain_off_regtest_are_refused_with_a_sentence(string network, string reason)
    {
        var result = await TradeNodeProcess.RunAsync(["node", "--network", network, "--datadir", Path.Combine(Root, network), "--p2p-port", "0", "--api-port", "0"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Peers_are_added_listed_and_removed_and_bad_input_names_the_field()
    {
        var a = await StartNodeAsync("a");
        var b = await StartNodeAsync("b");

        var added = await a.Peers.AddAsync(new V1.AddPeerRequest { Address = b.P2PAddress });
        await EventuallyAsync(
            async () => (await b.Peers.ListAsync(new V1.ListPeersRequest())).Peers.Any(p => p.NodeId == a.NodeId && !p.Outbound && p.Address == a.P2PAddress),
            "b lists a as an inbound peer at the address a listens on");
        var listedByA = await a.Peers.ListAsync(new V1.ListPeersRequest());
        var listedByB = await b.Peers.ListAsync(new V1.ListPeersRequest());
        var bad = await Assert.ThrowsAsync<RpcException>(() => a.Peers.AddAsync(new V1.AddPeerRequest { Address = "no-port" }).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => a.Peers.RemoveAsync(new V1.RemovePeerRequest()).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => a.Peers.RemoveAsync(new V1.RemovePeerRequest { Peer = "127.0.0.1:1" }).ResponseAsync);

        Assert.Equal(b.NodeId, added.Peer.NodeId);
        Assert.True(added.Peer.Connected && added.Peer.Outbound);
        Assert.InRange(added.Peer.ConnectedSince.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Contains(listedByA.Peers, p => p.NodeId == b.NodeId && p.Outbound && p.Address == b.P2PAddress);
        Assert.Contains(listedByB.Peers, p => p.NodeId == a.NodeId && !p.Outbound && p.Address == a.P2PAddress);
        Assert.Equal(1, (await a.Node.GetInfoAsync(new V1.GetInfoRequest())).PeerCount);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("address", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Contains("peer", empty.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        await a.Peers.RemoveAsync(new V1.RemovePeerRequest { Peer = b.NodeId });
        await EventuallyAsync(async () => (await a.Peers.ListAsync(new V1.ListPeersRequest { IncludeKnown = true })).Peers.All(p => p.NodeId != b.NodeId), "a forgot b");
    }

    [Fact]
    public async Task A_node_listening_on_every_interface_takes_peers_and_announces_the_address_it_was_given()
    {
        var a = await StartNodeAsync("bound", "--p2p-bind", "0.0.0.0", "--p2p-announce", "tradenode.example:18735");
        var b = await StartNodeAsync("dialer", "--seed-peer", a.P2PAddress);
        var c = await StartNodeAsync("learner", "--seed-peer", b.P2PAddress);

        await EventuallyAsync(async () => (await a.Peers.ListAsync(new V1.ListPeersRequest())).Peers.Any(p => p.NodeId == b.NodeId && !p.Outbound), "a takes b's connection");
        await EventuallyAsync(
            async () => (await c.Peers.ListAsync(new V1.ListPeersRequest { IncludeKnown = true })).Peers.Any(p => p.Address == "tradenode.example:18735"),
            "c learns the address a announces in its profile, through b");
    }

    private async Task<string> StartAndReadNameAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var node = await ApiNodeProcess.StartAsync(directory, environment, args);
        return (await node.Node.GetInfoAsync(new V1.GetInfoRequest())).Name;
    }

    private static async Task<List<string>> ListServicesAsync(CallInvoker invoker)
    {
        using var call = new ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        var services = new List<string>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            services.AddRange(call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
        }

        return services;
    }
}
