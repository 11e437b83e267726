using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TradeNode.Tests.Api;

/// <summary>Adds <c>authorization: Bearer key</c> (when a key is given) and a deadline to every call, so a hung node fails a test instead of hanging it.</summary>
internal sealed class ApiCallInterceptor(string? bearerKey) : Interceptor
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Decorate(context));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Decorate(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Decorate(context, streaming: true));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context,
        AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(Decorate(context, streaming: true));

    private ClientInterceptorContext<TRequest, TResponse> Decorate<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, bool streaming = false)
        where TRequest : class
        where TResponse : class
    {
        var headers = context.Options.Headers ?? [];
        if (bearerKey is not null)
        {
            headers.Add("authorization", $"Bearer {bearerKey}");
        }

        var options = context.Options.WithHeaders(headers);
        if (options.Deadline is null && !streaming)
        {
            options = options.WithDeadline(DateTime.UtcNow + Deadline);
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }
}
