using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Chain;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Core.Wallet;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;

namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// Currency trades (an offer taken) between two nodes over the P2P mailbox: the taker's side through
/// <see cref="TakeOfferAsync"/>, the maker's side automatically when a take request arrives, and each later step
/// through the methods a trader calls (<see cref="ConfirmPaymentSentAsync"/>, <see cref="ConfirmPaymentReceivedAsync"/>,
/// <see cref="CancelAsync"/>) or the messages and chain events <see cref="RunAsync"/> consumes.
/// <para>Every trade is a <see cref="CurrencyTrade"/> persisted in the LiteDB collection <c>trades</c> before any
/// message about it is sent or any transaction broadcast, so a restarted node resumes it. Each message is accepted
/// only from the contract's party that may send it at that step; anything else is rejected, logged and raised as
/// <see cref="MessageRejected"/>, and changes nothing. Operations on trades are serialized by one lock.</para>
/// </summary>
public sealed partial class TradeService : IMailHandler, IDisposable
{
    /// <summary>The mail topic of <see cref="TradeMessage"/>s.</summary>
    public const string MailTopic = "trade";

    private const string Collection = "trades";

    /// <summary>Trade messages received while the wallet was locked, waiting to be handled.</summary>
    private const string ParkedCollection = "trades_parked";

    private readonly P2PNode _node;
    private readonly MailRouter _router;
    private readonly WalletService _wallet;
    private readonly OfferService _offers;
    private readonly ArbitratorService _arbitrators;
    private readonly IChainClient _chain;
    private readonly ILiteCollection<BsonDocument> _trades;
    private readonly ILiteCollection<BsonDocument> _accounts;
    private readonly ILiteCollection<BsonDocument> _parked;
    private readonly TimeProvider _time;
    private readonly TradeOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChainWaiter _waiter;
    private readonly HashSet<string> _answeredStale = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Updated, DateTimeOffset Next, TimeSpan Wait)> _resends = new(StringComparer.Ordinal);

    /// <summary>Creates the service and registers it with <paramref name="router"/> for <see cref="MailTopic"/>.</summary>
    public TradeService(P2PNode node, MailRouter router, WalletService wallet, OfferService offers, ArbitratorService arbitrators, IChainClient chain,
        LiteDatabase database, TimeProvider? time = null, TradeOptions? options = null, ILogger<TradeService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(arbitrators);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(database);
        _node = node;
        _wallet = wallet;
        _offers = offers;
        _arbitrators = arbitrators;
        _chain = chain;
        _trades = database.GetCollection(Collection);
        _accounts = database.GetCollection(AccountsCollection);
        _parked = database.GetCollection(ParkedCollection);
        _time = time ?? node.Time;
        _options = options ?? new TradeOptions();
        _logger = logger ?? NullLogger<TradeService>.Instance;
        _waiter = new ChainWaiter(chain, _time, _options.TipCheckInterval, _options.PollInterval);
        wallet.Changed += (_, _) =>
        {
            if (wallet.IsUnlocked && _parked.Count() > 0)
            {
                _waiter.Kick();
            }
        };
        _router = router;
        router.Register(this);
    }

    /// <summary>Raised after a trade change is persisted.</summary>
    public event EventHandler<TradeChange>? Changed;

    /// <inheritdoc/>
    public string Topic => MailTopic;

    /// <summary>Raised when a trade message is not acted on (unknown trade, wrong sender, wrong step, bad content).</summary>
    public event EventHandler<RejectedTradeMessage>? MessageRejected;

    private Network Network => _options.Network;

    /// <summary>The trade <paramref name="tradeId"/>; <see cref="NotFoundException"/> when this node has none.</summary>
    public CurrencyTrade Get(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        return Find(tradeId) ?? throw new NotFoundException($"No trade with id {tradeId} is known to this node.");
    }

    /// <summary>This node's trades, newest first; open ones only when <paramref name="open"/> is true, closed ones only when false.</summary>
    public IReadOnlyList<CurrencyTrade> List(bool? open = null) =>
        [.. _trades.FindAll().Select(CurrencyTrade.FromBson).Where(t => open is null || t.IsClosed != open).OrderByDescending(t => t.Created).ThenBy(t => t.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Streams every persisted trade change from the moment of the call. Each subscriber has its own bounded queue;
    /// a reader that falls behind loses the oldest changes.
    /// </summary>
    public IAsyncEnumerable<TradeChange> WatchAsync(CancellationToken cancellationToken = default)
    {
        return ChangeStream.WatchAsync<TradeChange>(h => Changed += h, h => Changed -= h, _ => true, _options.WatchCapacity, cancellationToken);
    }

    /// <summary>
    /// Runs the trade loop until <paramref name="cancellationToken"/> ends: first re-sends the last message of every
    /// open trade (the peer ignores what it already has), then looks at the chain for deposits and payouts
    /// (re-broadcasting signed ones the chain does not know) whenever the tip changes, a trade moves or this node
    /// broadcasts, and at least every <see cref="TradeOptions.PollInterval"/>. Messages arrive through the <see cref="MailRouter"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await ResendOpenAsync(cancellationToken).ConfigureAwait(false);
        await PollLoopAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The trade <paramref name="tradeId"/>, or null when this node has none.</summary>
    internal CurrencyTrade? Find(string tradeId) => _trades.FindById(tradeId) is { } doc ? CurrencyTrade.FromBson(doc) : null;

    private void Save(CurrencyTrade trade)
    {
        _trades.Upsert(trade.ToBson());
        if (trade.State >= TradeState.DepositSigned && !trade.IsClosed)
        {
            // The chain may already show what this trade waits for (a deposit or payout mined on broadcast).
            _waiter.Kick();
        }

        Changed?.Invoke(this, new TradeChange(trade));
    }

    /// <summary>Records <paramref name="message"/> as the trade's last outgoing message, persists, then sends it.</summary>
    private async Task SaveAndSendAsync(CurrencyTrade trade, TradeMessage message, CancellationToken cancellationToken)
    {
        var bytes = message.ToByteArray();
        trade.RecordOutgoing(bytes, _time.GetUtcNow());
        Save(trade);
        await SendAsync(trade.PeerKey, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Persisted already: when it cannot be sent now, the re-send loop or the next start sends it again.</summary>
    private Task SendAsync(byte[] peerKey, byte[] message, CancellationToken cancellationToken) =>
        _router.TrySendAsync(NodeKey.Create(peerKey), MailTopic, message, cancellationToken);

    private async Task ResendOpenAsync(CancellationToken cancellationToken)
    {
        foreach (var trade in List(open: true).Where(t => t.LastOutgoing.Length > 0))
        {
            await SendAsync(trade.PeerKey, trade.LastOutgoing, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Reject(string tradeId, NodeKey sender, string reason)
    {
        _logger.LogWarning("Trade message for {TradeId} from {Sender} rejected: {Reason}", tradeId, sender.Id, reason);
        MessageRejected?.Invoke(this, new RejectedTradeMessage(tradeId, sender, reason));
    }

    private void ReleaseReservation(CurrencyTrade trade) => _wallet.Release(trade.ReservationId);

    private static TradeContract ContractOf(CurrencyTrade trade) => TradeContract.Parser.ParseFrom(trade.Contract);

    private Key EscrowKey(string tradeId) => _wallet.GetEscrowKey(EscrowKeyDerivation.ChildIndex(tradeId));

    /// <summary>The chain's fee estimate within the configured bounds; the fallback rate without one.</summary>
    internal Task<FeeRate> FeeRateAsync(CancellationToken cancellationToken) =>
        EscrowFees.ChooseRateAsync(_chain, _options.FallbackFeeRateSatPerVByte, _options.MaxFeeRateSatPerVByte, _logger, cancellationToken);

    /// <summary>True when <paramref name="feeSats"/> for <paramref name="virtualSize"/> vbytes exceeds the configured maximum rate.</summary>
    internal bool FeeTooHigh(long feeSats, int virtualSize) => EscrowFees.TooHigh(feeSats, virtualSize, _options.MaxFeeRateSatPerVByte);

    private static NodeKey KeyOf(ByteString bytes) => NodeKey.Create(bytes.Span);

    private static string Hex(UInt256 txid) => txid.ToString();

    private static TradeSide TakerSide(Offer offer) => offer.Direction == OfferDirection.Sell ? TradeSide.Buyer : TradeSide.Seller;

    private static TradeSide MakerSide(Offer offer) => offer.Direction == OfferDirection.Sell ? TradeSide.Seller : TradeSide.Buyer;

    private static bool IsTradeId(string id) => MarketRules.IsId(id);
}
