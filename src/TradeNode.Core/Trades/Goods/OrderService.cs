using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Chain;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Core.Wallet;
using TradeNode.P2P;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// Goods orders (a listing bought) between a buyer and a vendor over the P2P mailbox. The buyer places and funds an
/// order alone (<see cref="PlaceOrderAsync"/>): the vendor's and the arbitrator's escrow keys are derived from their
/// published extended public keys, so the vendor may be offline. The vendor checks the order when it arrives (possibly
/// much later) and then accepts, declines, fulfils or refunds; the buyer confirms receipt, which pays the vendor.
/// <para>Every order is a <see cref="GoodsOrder"/> persisted in the LiteDB collection <c>orders</c> before any
/// message about it is sent or any transaction broadcast, so a restarted node resumes it. Each message is accepted
/// only from the contract's party that may send it at that step; anything else is rejected, logged and raised as
/// <see cref="MessageRejected"/>, and changes nothing. The mining fee of the payout and of a refund comes out of the
/// escrow: the recipient gets the escrow amount minus that fee. Operations on orders are serialized by one lock.
/// Messages that arrive while the wallet is locked are kept (collection <c>order_inbox</c>) and handled once it is
/// unlocked, since every check needs this node's escrow keys.</para>
/// </summary>
public sealed partial class OrderService : IMailHandler, IDisposable
{
    /// <summary>The mail topic of <see cref="OrderMessage"/>s.</summary>
    public const string MailTopic = "order";

    private const string Collection = "orders";
    private const string ParkedCollection = "order_inbox";
    private const int MaxAddressChars = 1000;
    private const int MaxNoteChars = 1000;

    private readonly P2PNode _node;
    private readonly MailRouter _router;
    private readonly WalletService _wallet;
    private readonly ListingService _listings;
    private readonly ArbitratorService _arbitrators;
    private readonly IReferencePrices? _prices;
    private readonly IChainClient _chain;
    private readonly ILiteCollection<BsonDocument> _orders;
    private readonly ILiteCollection<BsonDocument> _parked;
    private readonly TimeProvider _time;
    private readonly OrderOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _answeredStale = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the service and registers it with <paramref name="router"/> for <see cref="MailTopic"/>.
    /// <paramref name="prices"/> gives the node's reference prices for orders on listings priced in fiat (the buyer's
    /// default rate, the vendor's deviation check); without it a buyer must state the rate and vendors do not check it.
    /// </summary>
    public OrderService(P2PNode node, MailRouter router, WalletService wallet, ListingService listings, ArbitratorService arbitrators, IChainClient chain,
        LiteDatabase database, TimeProvider? time = null, OrderOptions? options = null, ILogger<OrderService>? logger = null, IReferencePrices? prices = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(listings);
        ArgumentNullException.ThrowIfNull(arbitrators);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(database);
        _node = node;
        _router = router;
        _wallet = wallet;
        _listings = listings;
        _arbitrators = arbitrators;
        _prices = prices;
        _chain = chain;
        _orders = database.GetCollection(Collection);
        _parked = database.GetCollection(ParkedCollection);
        _time = time ?? node.Time;
        _options = options ?? new OrderOptions();
        if (_options.MaxRateDeviationBps is < 0 or > 10_000)
        {
            throw new ArgumentException("MaxRateDeviationBps must be between 0 and 10000 basis points.", nameof(options));
        }
        _logger = logger ?? NullLogger<OrderService>.Instance;
        router.Register(this);
    }

    /// <summary>Raised after an order change is persisted.</summary>
    public event EventHandler<OrderChange>? Changed;

    /// <summary>Raised when an order message is not acted on (unknown order, wrong sender, wrong step, bad content).</summary>
    public event EventHandler<RejectedOrderMessage>? MessageRejected;

    /// <inheritdoc/>
    public string Topic => MailTopic;

    private Network Network => _options.Network;

    /// <summary>The order <paramref name="orderId"/>; <see cref="NotFoundException"/> when this node has none.</summary>
    public GoodsOrder Get(string orderId)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        return Find(orderId) ?? throw new NotFoundException($"No order with id {orderId} is known to this node.");
    }

    /// <summary>This node's orders, newest first; filtered by open or closed and by this node's role when given.</summary>
    public IReadOnlyList<GoodsOrder> List(bool? open = null, OrderRole? role = null) =>
        [.. _orders.FindAll().Select(GoodsOrder.FromBson)
            .Where(o => (open is null || o.IsClosed != open) && (role is null || o.Role == role))
            .OrderByDescending(o => o.Created).ThenBy(o => o.Id, StringComparer.Ordinal)];

    /// <summary>Streams every persisted order change from the moment of the call (bounded queue per subscriber; the oldest changes are dropped).</summary>
    public IAsyncEnumerable<OrderChange> WatchAsync(CancellationToken cancellationToken = default) =>
        ChangeStream.WatchAsync<OrderChange>(h => Changed += h, h => Changed -= h, _ => true, _options.WatchCapacity, cancellationToken);

    /// <summary>
    /// What this node's user does next in <paramref name="order"/>: "accept_or_decline", "fulfil", "confirm_receipt",
    /// a "wait_for_..." step, "open_dispute" (a buyer whose escrow only a dispute frees, or whose vendor did not answer
    /// by <paramref name="disputePossibleAfter"/>, at <paramref name="now"/>), "dispute_open" while a dispute is open
    /// (see the dispute service) or "none".
    /// </summary>
    public static string NextAction(GoodsOrder order, DateTimeOffset? disputePossibleAfter = null, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.IsClosed)
        {
            return "none";
        }

        return order.State switch
        {
            OrderState.Funding or OrderState.AwaitingFunding => "wait_for_funding",
            OrderState.Funded => !order.IsBuyer ? "accept_or_decline" : disputePossibleAfter <= now ? "open_dispute" : "wait_for_vendor",
            OrderState.Accepted => order.IsBuyer ? "wait_for_fulfilment" : order.FundingConfirmedAt is null ? "wait_for_funding_confirmation" : "fulfil",
            OrderState.Fulfilled => order.IsBuyer ? "confirm_receipt" : "wait_for_buyer",
            OrderState.RefundSigned or OrderState.RefundPublished => "wait_for_refund_confirmation",
            OrderState.EscrowNeedsDispute => "open_dispute",
            OrderState.Disputed => "dispute_open",
            _ => "wait_for_payout_confirmation",
        };
    }

    /// <summary>The escrow address of <paramref name="order"/> (empty for an order without a contract).</summary>
    public string EscrowAddress(GoodsOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Contract.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            return TradeContracts.ToEscrow(order.ParsedContract(), Network).Address.ToString();
        }
        catch (InvalidInputException)
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// Runs the order loop until <paramref name="cancellationToken"/> ends: first re-sends the last message of every
    /// open order (the peer ignores what it already has) and re-broadcasts what this node signed, then polls the chain
    /// for funding confirmations, payouts and refunds. Messages arrive through the <see cref="MailRouter"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await ResendOpenAsync(cancellationToken).ConfigureAwait(false);
        await PollLoopAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();

    internal GoodsOrder? Find(string orderId) => _orders.FindById(orderId) is { } doc ? GoodsOrder.FromBson(doc) : null;

    private void Save(GoodsOrder order)
    {
        _orders.Upsert(order.ToBson());
        Changed?.Invoke(this, new OrderChange(order));
    }

    /// <summary>Records <paramref name="message"/> as the order's last outgoing message, persists, then sends it.</summary>
    private async Task SaveAndSendAsync(GoodsOrder order, OrderMessage message, CancellationToken cancellationToken)
    {
        var bytes = message.ToByteArray();
        order.RecordOutgoing(bytes, _time.GetUtcNow());
        Save(order);
        await SendAsync(order.PeerKey, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Persisted already: when it cannot be sent now, the next start (or the peer's next message) sends it again.</summary>
    private Task SendAsync(byte[] peerKey, byte[] message, CancellationToken cancellationToken) =>
        _router.TrySendAsync(NodeKey.Create(peerKey), MailTopic, message, cancellationToken);

    private async Task ResendOpenAsync(CancellationToken cancellationToken)
    {
        foreach (var order in List(open: true).Where(o => o.LastOutgoing.Length > 0 && o.State != OrderState.Funding))
        {
            await SendAsync(order.PeerKey, order.LastOutgoing, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Reject(string orderId, NodeKey sender, string reason)
    {
        _logger.LogWarning("Order message for {OrderId} from {Sender} rejected: {Reason}", orderId, sender.Id, reason);
        MessageRejected?.Invoke(this, new RejectedOrderMessage(orderId, sender, reason));
    }

    private Key EscrowKey(string orderId) => _wallet.GetEscrowKey(EscrowKeyDerivation.ChildIndex(orderId));

    private EscrowContract CheckedEscrow(GoodsOrder order) => TradeContracts.ToCheckedEscrow(order.ParsedContract(), Network, EscrowKey(order.Id).PubKey);

    private Task<FeeRate> FeeRateAsync(CancellationToken cancellationToken) =>
        EscrowFees.ChooseRateAsync(_chain, _options.FallbackFeeRateSatPerVByte, _options.MaxFeeRateSatPerVByte, _logger, cancellationToken);

    /// <summary>The single output a payout or refund pays: the whole escrow minus the fee at <paramref name="feeRate"/>.</summary>
    private static EscrowPayout WholeEscrowTo(Script destination, EscrowContract escrow, FeeRate feeRate)
    {
        var fee = feeRate.GetFee(EscrowTransactions.EstimatePayoutVirtualSize(1)).Satoshi;
        return new EscrowPayout(destination, escrow.AmountSats - fee);
    }

    /// <summary>
    /// Everything wrong with a payout or refund <paramref name="psbt"/> the other side built and signed: it must spend
    /// the order's escrow output to <paramref name="destination"/> alone, with a positive fee no higher than the
    /// maximum rate allows. Empty when it is safe to co-sign.
    /// </summary>
    private List<string> CheckSpend(PSBT psbt, GoodsOrder order, EscrowContract escrow, Script destination)
    {
        var outputs = psbt.GetGlobalTransaction().Outputs.Sum(o => o.Value.Satoshi);
        var fee = escrow.AmountSats - outputs;
        if (fee <= 0 || EscrowFees.TooHigh(fee, EscrowTransactions.EstimatePayoutVirtualSize(1), _options.MaxFeeRateSatPerVByte))
        {
            return [$"The mining fee of {fee} sats is not acceptable."];
        }

        return [.. EscrowTransactions.CheckPayout(psbt, escrow, order.FundingOutpoint, [new EscrowPayout(destination, escrow.AmountSats - fee)])];
    }

    /// <summary>
    /// Parses the other side's signed <paramref name="kind"/> PSBT, checks it (<see cref="CheckSpend"/>), adds this
    /// node's signature and finalizes it. The transaction is null and the problems say why when any step fails.
    /// </summary>
    private (Transaction? Transaction, List<string> Problems) CoSign(ReadOnlySpan<byte> psbtBytes, GoodsOrder order, EscrowContract escrow, Script destination, string kind, string signer)
    {
        if (!PSBT.TryLoad(psbtBytes, Network, out var psbt))
        {
            return (null, [$"The {kind} PSBT does not parse."]);
        }

        var problems = CheckSpend(psbt, order, escrow, destination);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        psbt.SignWithKeys(EscrowKey(order.Id));
        return psbt.TryFinalize(out var errors)
            ? (psbt.ExtractTransaction(), problems)
            : (null, [$"The {kind} lacks the {signer}'s signature: " + string.Join("; ", errors.Select(e => e.ToString()))]);
    }

    private static void CheckText(string value, string field, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > maxChars)
        {
            throw new InvalidInputException(field, $"The field {field} is at most {maxChars} characters.");
        }
    }

    private static string Hex(UInt256 txid) => txid.ToString();

    private static bool IsOrderId(string id) => MarketRules.IsId(id);
}
