using System.Text.Json.Nodes;

namespace TradeNode.Chain.Tests.Rpc;

public class ChainRpcServerTests
{
    [Fact]
    public async Task Requests_without_the_cookie_are_refused_with_401Async()
    {
        await using var rpc = await RpcFixture.StartAsync();

        var (status, reply) = await rpc.PostAsync("""{"method":"getblockcount","params":[],"id":1}""", authenticate: false);

        Assert.Equal(401, status);
        Assert.Null(reply);
        Assert.StartsWith("__cookie__:", await File.ReadAllTextAsync(rpc.Server.CookiePath!));
    }

    [Fact]
    public async Task Legacy_and_v2_envelopes_answer_as_Core_doesAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();

        var (legacyStatus, legacy) = await rpc.PostAsync("""{"jsonrpc":"1.0","method":"getblockcount","params":[],"id":"a"}""");
        var (v2Status, v2) = await rpc.PostAsync("""{"jsonrpc":"2.0","method":"getbestblockhash","id":7}""");
        var (notificationStatus, notification) = await rpc.PostAsync("""{"jsonrpc":"2.0","method":"getblockcount"}""");

        Assert.Equal(200, legacyStatus);
        Assert.Equal("""{"result":0,"error":null,"id":"a"}""", legacy!.ToJsonString());
        Assert.Equal(200, v2Status);
        Assert.Equal("""{"jsonrpc":"2.0","result":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206","id":7}""", v2!.ToJsonString());
        Assert.Equal(204, notificationStatus);
        Assert.Null(notification);
    }

    [Fact]
    public async Task Errors_carry_Core_codes_and_HTTP_statusesAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();

        var unknown = await rpc.PostAsync("""{"method":"getwalletinfo","params":[],"id":1}""");
        var parse = await rpc.PostAsync("""{"method":"getblockcount",""");
        var notObject = await rpc.PostAsync("42");
        var badMethod = await rpc.PostAsync("""{"method":5,"id":1}""");
        var badParams = await rpc.PostAsync("""{"method":"getblockhash","params":"x","id":1}""");
        var wrongType = await rpc.PostAsync("""{"method":"getblockhash","params":["1"],"id":1}""");
        var outOfRange = await rpc.PostAsync("""{"method":"getblockhash","params":[5],"id":1}""");
        var v2Error = await rpc.PostAsync("""{"jsonrpc":"2.0","method":"getblock","params":["00"],"id":2}""");

        AssertError(unknown, 404, -32601, "Method not found");
        AssertError(parse, 500, -32700, "Parse error");
        AssertError(notObject, 400, -32600, "Top-level object parse error");
        AssertError(badMethod, 400, -32600, "Method must be a string");
        AssertError(badParams, 400, -32600, "Params must be an array or object");
        AssertError(wrongType, 500, -3, "JSON value of type string is not of expected type number");
        AssertError(outOfRange, 500, -8, "Block height out of range");
        AssertError(v2Error, 200, -8, "blockhash must be of length 64 (not 2, for '00')");
        Assert.False(v2Error.Reply!.AsObject().ContainsKey("result"));
    }

    [Fact]
    public async Task Batches_answer_each_request_in_orderAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();

        var (status, reply) = await rpc.PostAsync("""[{"method":"getblockcount","id":1},{"method":"nosuch","id":2},{"jsonrpc":"2.0","method":"getblockhash","params":{"height":0},"id":3}]""");

        Assert.Equal(200, status);
        var replies = reply!.AsArray();
        Assert.Equal(3, replies.Count);
        Assert.Equal(0, replies[0]!["result"]!.GetValue<int>());
        Assert.Equal(-32601, replies[1]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(rpc.Chain.Tip.Hash.ToString(), replies[2]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_413Async()
    {
        await using var rpc = await RpcFixture.StartAsync(maxBodyBytes: 1024);

        var (status, _) = await rpc.PostAsync("{\"method\":\"decoderawtransaction\",\"params\":[\"" + new string('0', 4096) + "\"],\"id\":1}");
        var (after, reply) = await rpc.PostAsync("""{"method":"getblockcount","id":1}""");

        Assert.Equal(413, status);
        Assert.Equal(200, after);
        Assert.Equal(0, reply!["result"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stop_answers_and_shuts_the_server_downAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();

        var (status, reply) = await rpc.PostAsync("""{"method":"stop","id":1}""");
        await rpc.Server.Stopped.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, status);
        Assert.Equal("Bitcoin server stopping", reply!["result"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(rpc.Directory, ".cookie")));
    }

    private static void AssertError((int Status, JsonNode? Reply) response, int status, int code, string message)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(code, response.Reply!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(message, response.Reply!["error"]!["message"]!.GetValue<string>());
    }
}
