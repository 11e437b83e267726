using TradeNode.Api.V1;

namespace TradeNode.Tui.Tests;

/// <summary>
/// A small market as real processes on loopback: a <c>tradenode chain</c>, an arbitrator (Ada, registered, fee 100
/// bps), bob and alice, each with a new wallet, bob and alice seeded from Ada. <see cref="ListLampAsync"/> adds bob's
/// goods listing the order tests buy, with alice funded and knowing the listing and the arbitrator.
/// </summary>
internal sealed class MarketProcesses : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    /// <summary>The deadline for each wait on the network or the chain.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);

    private MarketProcesses(ChainProcess chain, NodeProcess arbitrator, NodeProcess bob, NodeProcess alice, string arbitratorNodeId)
    {
        Chain = chain;
        Arbitrator = arbitrator;
        Bob = bob;
        Alice = alice;
        ArbitratorNodeId = arbitratorNodeId;
    }

    public ChainProcess Chain { get; }

    public NodeProcess Arbitrator { get; }

    public NodeProcess Bob { get; }

    public NodeProcess Alice { get; }

    /// <summary>The arbitrator's node id, read after its wallet gave it its identity.</summary>
    public string ArbitratorNodeId { get; }

    /// <summary>Starts the chain and the three nodes (a failed start stops what was started).</summary>
    public static async Task<MarketProcesses> StartAsync()
    {
        var started = new List<IAsyncDisposable>();
        try
        {
            var chain = await ChainProcess.StartAsync();
            started.Add(chain);
            var arbitrator = await NodeProcess.StartAsync([.. chain.NodeArgs, "--name", "Ada"]);
            started.Add(arbitrator);
            var address = (await arbitrator.Api.Node.GetInfoAsync(new GetInfoRequest())).P2PAddress;
            var bob = await NodeProcess.StartAsync([.. chain.NodeArgs, "--name", "bob", "--seed-peer", address]);
            started.Add(bob);
            var alice = await NodeProcess.StartAsync([.. chain.NodeArgs, "--name", "alice", "--seed-peer", address]);
            started.Add(alice);
            foreach (var node in new[] { arbitrator, bob, alice })
            {
                await node.Api.Wallet.CreateAsync(new CreateWalletRequest { Password = Password });
            }

            // A new wallet gives the node the identity derived from its seed: read the arbitrator's id after it.
            var arbitratorInfo = await arbitrator.Api.Node.GetInfoAsync(new GetInfoRequest());
            await arbitrator.Api.Arbitrators.RegisterAsync(new RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
            return new MarketProcesses(chain, arbitrator, bob, alice, arbitratorInfo.NodeId);
        }
        catch
        {
            started.Reverse();
            foreach (var process in started)
            {
                await process.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Bob lists "Brass lamp" (100,000 sats, 3 in stock, shipping "Std" to DE for 5,000 sats, Ada as arbitrator);
    /// alice gets mature coins and learns the arbitrator and the listing.
    /// </summary>
    public async Task<Listing> ListLampAsync()
    {
        await Alice.Api.Wallet.FundAsync(new FundRequest { Blocks = 101 });
        var listing = (await Bob.Api.Listings.CreateAsync(new CreateListingRequest
        {
            Content = new ListingContent
            {
                Title = "Brass lamp",
                Description = "A heavy brass desk lamp.",
                Condition = ItemCondition.Used,
                Price = new Price { Sats = 100_000 },
                Quantity = 3,
                ShippingOptions = { new ShippingOption { Name = "Std", Regions = { "DE" }, Price = new Price { Sats = 5_000 } } },
                ArbitratorNodeIds = { ArbitratorNodeId },
            },
        })).Listing;
        await Poll.UntilAsync(async () => (await Alice.Api.Arbitrators.ListAsync(new ListArbitratorsRequest())).Arbitrators.Any(a => a.NodeId == ArbitratorNodeId), "alice learns the arbitrator", Slow);
        await Poll.UntilAsync(async () => (await Alice.Api.Listings.SearchAsync(new SearchListingsRequest { Query = new ListingQuery() })).Listings.Any(l => l.ListingId == listing.ListingId), "alice sees bob's listing", Slow);
        await Poll.UntilAsync(async () => (await Alice.Api.Wallet.GetBalanceAsync(new GetBalanceRequest())).AvailableSats > 0, "alice's coins are mature", Slow);
        return listing;
    }

    /// <summary>Stops the nodes, then the chain.</summary>
    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
        await Arbitrator.DisposeAsync();
        await Chain.DisposeAsync();
    }
}
