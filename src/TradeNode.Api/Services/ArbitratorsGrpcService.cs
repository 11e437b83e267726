using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Node;

namespace TradeNode.Api.Services;

/// <summary>The Arbitrators service over the runtime's <see cref="ArbitratorService"/>; Register publishes the wallet's escrow xpub.</summary>
public sealed class ArbitratorsGrpcService(NodeRuntime runtime) : V1.Arbitrators.ArbitratorsBase
{
    public override async Task<RegisterArbitratorResponse> Register(RegisterArbitratorRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!runtime.Wallet.Exists)
        {
            throw new PreconditionFailedException("An arbitrator profile needs the wallet's escrow key: create or restore the wallet first.");
        }

        var draft = new ArbitratorDraft
        {
            FeeBps = request.FeeBps,
            Languages = [.. request.Languages],
            Description = request.Description,
            EscrowXpub = runtime.Wallet.EscrowAccountKey.ToString(runtime.Network),
        };
        var profile = await runtime.Arbitrators.RegisterAsync(draft, context.CancellationToken).ConfigureAwait(false);
        return new RegisterArbitratorResponse { Arbitrator = ArbitratorMapping.ToArbitrator(profile, runtime.P2P.Identity.Id) };
    }

    public override Task<ListArbitratorsResponse> List(ListArbitratorsRequest request, ServerCallContext context)
    {
        var response = new ListArbitratorsResponse();
        response.Arbitrators.AddRange(runtime.Arbitrators.List().Select(p => ArbitratorMapping.ToArbitrator(p, runtime.P2P.Identity.Id)));
        return Task.FromResult(response);
    }
}
