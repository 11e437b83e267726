using Grpc.Core;
using Grpc.Core.Interceptors;
using TradeNode.Api.Auth;

namespace TradeNode.Api.Interceptors;

/// <summary>
/// Refuses every call without <c>authorization: Bearer &lt;key&gt;</c> carrying the node's API key with
/// UNAUTHENTICATED. The standard health service is the one exception: it tells a supervisor (or a script waiting
/// for the node) whether the node serves, and reveals nothing else. Reflection is not exempt: it needs the key too.
/// </summary>
public sealed class ApiKeyInterceptor(ApiKey key) : Interceptor
{
    private const string HealthServicePrefix = "/grpc.health.v1.Health/";
    private const string BearerPrefix = "Bearer ";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Method.StartsWith(HealthServicePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "The call carries no API key: send 'authorization: Bearer <key>' with the key from api.cookie in the node's data directory."));
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || !key.Matches(header[BearerPrefix.Length..].Trim()))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "The API key is wrong: use the key from api.cookie in the node's data directory as 'authorization: Bearer <key>'."));
        }
    }
}
