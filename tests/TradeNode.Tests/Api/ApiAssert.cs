using Grpc.Core;

namespace TradeNode.Tests.Api;

/// <summary>Assertions on gRPC failures: the status code, and the field the sentence names.</summary>
internal static class ApiAssert
{
    public static async Task<RpcException> FailsAsync(StatusCode code, Func<Task> call, string? mentions = null)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(error.Status.Detail), "the error carries a sentence");
        if (mentions is not null)
        {
            Assert.Contains(mentions, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        }

        return error;
    }

    public static Task<RpcException> InvalidAsync(string field, Func<Task> call) => FailsAsync(StatusCode.InvalidArgument, call, field);
}
