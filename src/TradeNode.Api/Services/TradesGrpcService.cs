using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Node;
using TradeNode.Core.Trades.Currency;
using Trade = TradeNode.Api.V1.Trade;

namespace TradeNode.Api.Services;

/// <summary>The Trades service over the runtime's <see cref="TradeService"/>; the protocol between the nodes runs in Core.</summary>
public sealed partial class TradesGrpcService(NodeRuntime runtime, ApiShutdown shutdown) : V1.Trades.TradesBase
{
    public override async Task<TakeOfferResponse> TakeOffer(TakeOfferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var trade = await runtime.Trades.TakeOfferAsync(request.OfferId, request.AmountSats, request.ArbitratorNodeId, request.PaymentAccount, context.CancellationToken).ConfigureAwait(false);
        return new TakeOfferResponse { Trade = await ToApiAsync(trade, context.CancellationToken).ConfigureAwait(false) };
    }

    public override async Task<Trade> ConfirmPaymentSent(ConfirmPaymentSentRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Trades.ConfirmPaymentSentAsync(RequireId(request.TradeId), context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Trade> ConfirmPaymentReceived(ConfirmPaymentReceivedRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Trades.ConfirmPaymentReceivedAsync(RequireId(request.TradeId), context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Trade> Cancel(CancelTradeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Trades.CancelAsync(RequireId(request.TradeId), request.Reason, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Trade> Get(GetTradeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(runtime.Trades.Get(RequireId(request.TradeId)), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<ListTradesResponse> List(ListTradesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = new ListTradesResponse();
        foreach (var trade in runtime.Trades.List(TradeMapping.ToOpen(request.Status)).Where(t => TradeMapping.HasRole(t, request.Role)))
        {
            response.Trades.Add(await ToApiAsync(trade, context.CancellationToken).ConfigureAwait(false));
        }

        return response;
    }

    /// <summary>Subscribes, then sends the response headers (so a client knows it will miss nothing from now on), then every change.</summary>
    public override async Task Watch(WatchTradesRequest request, IServerStreamWriter<Trade> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        var changes = runtime.Trades.WatchAsync(ending.Token).GetAsyncEnumerator(ending.Token);
        try
        {
            var next = changes.MoveNextAsync();
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            while (await next.ConfigureAwait(false))
            {
                await responseStream.WriteAsync(await ToApiAsync(changes.Current.Trade, ending.Token).ConfigureAwait(false), ending.Token).ConfigureAwait(false);
                next = changes.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (shutdown.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The node is stopping: the stream ends with OK.
        }
        finally
        {
            await changes.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override Task<GetPsbtResponse> GetPsbt(GetPsbtRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var psbt = runtime.Disputes.GetPsbt(RequireId(request.TradeId));
        return Task.FromResult(new GetPsbtResponse { Psbt = psbt.Base64, KeyPath = psbt.KeyPath, PubKey = psbt.PubKeyHex, MasterFingerprint = psbt.MasterFingerprint });
    }

    public override async Task<SubmitPsbtResponse> SubmitPsbt(SubmitPsbtRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(request.Psbt))
        {
            throw new InvalidInputException("psbt", "The field psbt is required.");
        }

        var dispute = await runtime.Disputes.SubmitPsbtAsync(RequireId(request.TradeId), request.Psbt, context.CancellationToken).ConfigureAwait(false);
        return new SubmitPsbtResponse { State = DisputeMapping.ToState(dispute.State).ToString(), PayoutTxid = dispute.PayoutTxid };
    }

    /// <summary>The request's trade id; an empty one is INVALID_ARGUMENT rather than NOT_FOUND.</summary>
    private static string RequireId(string tradeId) =>
        string.IsNullOrWhiteSpace(tradeId) ? throw new InvalidInputException("trade_id", "The field trade_id is required.") : tradeId.Trim();

    /// <summary>The API form of <paramref name="trade"/>, with its transactions' confirmations read from the chain now.</summary>
    private async Task<Trade> ToApiAsync(CurrencyTrade trade, CancellationToken cancellationToken)
    {
        var result = TradeMapping.ToTrade(runtime.Trades.Describe(trade), runtime.Time.GetUtcNow());
        var confirmations = await runtime.Trades.GetConfirmationsAsync(trade, cancellationToken).ConfigureAwait(false);
        result.DepositConfirmations = confirmations.Deposit;
        result.PayoutConfirmations = confirmations.Payout;
        return result;
    }
}
