using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Bitcoin.Fees;
using TradeNode.Core.Errors;
using TradeNode.Core.Node;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;
using CoreDispute = TradeNode.Core.Trades.Disputes.Dispute;
using CoreDisputeState = TradeNode.Core.Trades.Disputes.DisputeState;
using Dispute = TradeNode.Api.V1.Dispute;

namespace TradeNode.Api.Services;

/// <summary>The Disputes service over the runtime's <see cref="DisputeService"/>; the protocol between the three nodes runs in Core.</summary>
public sealed class DisputesGrpcService(NodeRuntime runtime, ApiShutdown shutdown) : V1.Disputes.DisputesBase
{
    public override async Task<Dispute> Open(OpenDisputeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Disputes.OpenAsync(RequireId(request.TradeId), request.Reason, context.CancellationToken).ConfigureAwait(false), null, context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Dispute> AddEvidence(AddEvidenceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Disputes.AddEvidenceAsync(RequireId(request.TradeId), request.Text, context.CancellationToken).ConfigureAwait(false), null, context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<ListDisputesResponse> List(ListDisputesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = new ListDisputesResponse();
        foreach (var dispute in runtime.Disputes.List(request.HasOpen ? request.Open : null))
        {
            response.Disputes.Add(await ToApiAsync(dispute, null, context.CancellationToken).ConfigureAwait(false));
        }

        return response;
    }

    public override async Task<Dispute> Get(GetDisputeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(runtime.Disputes.Get(RequireId(request.TradeId)), FeeRateOf(request.FeeRateSatPerVb), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Dispute> Resolve(ResolveDisputeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var rate = FeeRateOf(request.FeeRateSatPerVb);
        var dispute = await runtime.Disputes.ResolveAsync(RequireId(request.TradeId), request.BuyerSats, request.SellerSats, request.Note, rate, request.Sign, context.CancellationToken).ConfigureAwait(false);
        return await ToApiAsync(dispute, rate, context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Dispute> Accept(AcceptDisputeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Disputes.AcceptAsync(RequireId(request.TradeId), context.CancellationToken).ConfigureAwait(false), null, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes, then sends the response headers (so a client knows it will miss nothing from now on), then (with
    /// include_current) every open dispute as it is, then every change. Ends with OK when the node stops.
    /// </summary>
    public override async Task Watch(WatchDisputesRequest request, IServerStreamWriter<Dispute> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        var changes = runtime.Disputes.WatchAsync(ending.Token).GetAsyncEnumerator(ending.Token);
        try
        {
            var next = changes.MoveNextAsync();
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            if (request.IncludeCurrent)
            {
                foreach (var dispute in runtime.Disputes.List(open: true))
                {
                    await responseStream.WriteAsync(await ToApiAsync(dispute, null, ending.Token).ConfigureAwait(false), ending.Token).ConfigureAwait(false);
                }
            }

            while (await next.ConfigureAwait(false))
            {
                await responseStream.WriteAsync(await ToApiAsync(changes.Current, null, ending.Token).ConfigureAwait(false), ending.Token).ConfigureAwait(false);
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

    /// <summary>The request's trade id; an empty one is INVALID_ARGUMENT rather than NOT_FOUND.</summary>
    internal static string RequireId(string tradeId) =>
        string.IsNullOrWhiteSpace(tradeId) ? throw new InvalidInputException("trade_id", "The field trade_id is required.") : tradeId.Trim();

    private static FeeRate? FeeRateOf(long satPerVByte) => satPerVByte switch
    {
        0 => null,
        < 0 or > 100_000 => throw new InvalidInputException("fee_rate_sat_per_vb", $"The fee rate must be between 1 and 100000 sat/vB, not {satPerVByte}."),
        _ => FeeRate.FromSatoshisPerVByte(satPerVByte),
    };

    private async Task<Dispute> ToApiAsync(CoreDispute dispute, FeeRate? feeRate, CancellationToken cancellationToken)
    {
        var disputes = runtime.Disputes;
        var fee = disputes.ArbitratorFeeOf(dispute);
        var result = DisputeMapping.ToDispute(dispute, disputes.EscrowOf(dispute), fee, DisputeService.TranscriptOf(dispute));
        if (dispute.Role == EscrowRole.Arbitrator && dispute.State == CoreDisputeState.Open)
        {
            var rate = feeRate ?? await disputes.FeeRateAsync(cancellationToken).ConfigureAwait(false);
            var withFee = fee > 0 ? 1 : 0;
            result.QuoteFeeRateSatPerKvb = rate.SatoshisPerKiloVByte;
            result.QuoteMiningFeeOneTraderSats = DisputeSplit.MiningFee(rate, 1 + withFee);
            result.QuoteMiningFeeBothTradersSats = DisputeSplit.MiningFee(rate, 2 + withFee);
        }

        return result;
    }
}
