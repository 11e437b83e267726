using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using ChatMessage = TradeNode.Api.V1.ChatMessage;

namespace TradeNode.Api.Services;

/// <summary>The Trades service's chat calls over the runtime's <see cref="Core.Trades.Chat.ChatService"/>.</summary>
public sealed partial class TradesGrpcService
{
    public override async Task<ChatMessage> SendChatMessage(SendChatMessageRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var message = await runtime.Chat.SendAsync(RequireId(request.TradeId), request.Text, context.CancellationToken).ConfigureAwait(false);
        return ChatMapping.ToApi(message);
    }

    public override Task<ListChatResponse> ListChat(ListChatRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new ListChatResponse();
        response.Messages.AddRange(runtime.Chat.List(RequireId(request.TradeId)).Select(ChatMapping.ToApi));
        return Task.FromResult(response);
    }

    /// <summary>Subscribes, then sends the response headers (so a client knows it will miss nothing from now on), then every message.</summary>
    public override async Task WatchChat(WatchChatRequest request, IServerStreamWriter<ChatMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var tradeId = string.IsNullOrWhiteSpace(request.TradeId) ? null : request.TradeId.Trim();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        var messages = runtime.Chat.WatchAsync(tradeId, ending.Token).GetAsyncEnumerator(ending.Token);
        try
        {
            var next = messages.MoveNextAsync();
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            while (await next.ConfigureAwait(false))
            {
                await responseStream.WriteAsync(ChatMapping.ToApi(messages.Current), ending.Token).ConfigureAwait(false);
                next = messages.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (shutdown.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The node is stopping: the stream ends with OK.
        }
        finally
        {
            await messages.DisposeAsync().ConfigureAwait(false);
        }
    }
}
