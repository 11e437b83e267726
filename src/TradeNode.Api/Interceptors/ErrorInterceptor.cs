using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using TradeNode.Core.Errors;

namespace TradeNode.Api.Interceptors;

/// <summary>
/// Turns Core's errors into gRPC statuses with their sentence: <see cref="InvalidInputException"/> INVALID_ARGUMENT,
/// <see cref="PreconditionFailedException"/> FAILED_PRECONDITION, <see cref="NotFoundException"/> NOT_FOUND. Anything
/// else is a bug or an outage: it is logged here and the caller gets INTERNAL with a generic sentence, never a stack
/// trace or an exception message (which could hold a secret).
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The status to answer with, or null to let the exception through (an RpcException, or the caller's own cancellation).</summary>
    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return null;
            case InvalidInputException invalid:
                return new RpcException(new Status(StatusCode.InvalidArgument, NameTheField(invalid)));
            case PreconditionFailedException precondition:
                return new RpcException(new Status(StatusCode.FailedPrecondition, precondition.Message));
            case NotFoundException notFound:
                return new RpcException(new Status(StatusCode.NotFound, notFound.Message));
            default:
                LogUnexpected(exception, context.Method);
                return new RpcException(new Status(StatusCode.Internal, "The node failed to handle the call; its log has the details."));
        }
    }

    /// <summary>The sentence, led by the field's name when the sentence does not name it already ("amount_sats: The amount must be ...").</summary>
    private static string NameTheField(InvalidInputException invalid) =>
        invalid.Field.Length == 0 || invalid.Message.Contains(invalid.Field, StringComparison.Ordinal)
            ? invalid.Message
            : $"{invalid.Field}: {invalid.Message}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {Method} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, string method);
}
