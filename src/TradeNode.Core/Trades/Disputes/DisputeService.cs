using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Chain;
using TradeNode.Core.Errors;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Chat;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Core.Wallet;
using TradeNode.P2P;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// Disputes of escrow trades (currency trades, goods orders: any <see cref="IDisputableTrades"/>) between the buyer,
/// the seller (a goods vendor) and the contract's arbitrator, over the P2P mailbox (topic
/// <see cref="MailTopic"/>). A trader opens one (<see cref="OpenAsync"/>) and adds evidence; the arbitrator checks the
/// case (both contract signatures, its own key in the escrow, the escrow output on chain) before it accepts it,
/// decides a split (<see cref="ResolveAsync"/>), signs the payout with its escrow key (or hands the PSBT out to be
/// signed offline: <see cref="GetPsbt"/>, <see cref="SubmitPsbtAsync"/>) and sends it to both traders; a trader that
/// accepts (<see cref="AcceptAsync"/>) checks every output against the decision and the contract, co-signs and
/// broadcasts. Every party watches the chain for the payout, so each ends <see cref="DisputeState.Resolved"/>
/// whoever broadcast it.
/// <para>Each dispute is a <see cref="Dispute"/> in the LiteDB collection <c>disputes</c>, persisted before any
/// message is sent; the messages of a node's last step are sent again on start. A message is acted on only when it
/// comes from the contract's party that may send it; anything else is rejected, logged and raised as
/// <see cref="MessageRejected"/>. Operations are serialized by one lock.</para>
/// </summary>
public sealed partial class DisputeService : IMailHandler, IDisposable
{
    /// <summary>The mail topic of <see cref="DisputeMessage"/>s.</summary>
    public const string MailTopic = "dispute";

    private const string Collection = "disputes";

    private readonly P2PNode _node;
    private readonly MailRouter _router;
    private readonly WalletService _wallet;
    private readonly TradeService _trades;
    private readonly IReadOnlyList<IDisputableTrades> _sources;
    private readonly ChatService? _chat;
    private readonly IChainClient _chain;
    private readonly ILiteCollection<BsonDocument> _disputes;
    private readonly TimeProvider _time;
    private readonly DisputeOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _unsent = new(StringComparer.Ordinal);

    /// <summary>Creates the service and registers it with <paramref name="router"/> for <see cref="MailTopic"/>.</summary>
    /// <remarks>With <paramref name="chat"/>, the arbitrator receives the trade's chat transcript with the case and
    /// takes part in the chat once the dispute is open (this service adds itself as a participant source).
    /// <paramref name="trades"/> (currency trades) and each of <paramref name="otherTrades"/> (goods orders) are the
    /// sources a disputed trade is looked up in by id.</remarks>
    public DisputeService(P2PNode node, MailRouter router, WalletService wallet, TradeService trades, IChainClient chain, LiteDatabase database,
        TimeProvider? time = null, DisputeOptions? options = null, ILogger<DisputeService>? logger = null, ChatService? chat = null,
        IReadOnlyList<IDisputableTrades>? otherTrades = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(database);
        _node = node;
        _router = router;
        _wallet = wallet;
        _trades = trades;
        _sources = [trades, .. otherTrades ?? []];
        _chain = chain;
        _disputes = database.GetCollection(Collection);
        _time = time ?? node.Time;
        _options = options ?? new DisputeOptions();
        _logger = logger ?? NullLogger<DisputeService>.Instance;
        router.Register(this);
        _chat = chat;
        chat?.AddParticipantSource(new DisputeChatParticipants(this));
    }

    /// <inheritdoc/>
    public string Topic => MailTopic;

    /// <summary>Raised when a dispute message is not acted on (wrong sender, unknown dispute, wrong step, bad content).</summary>
    public event EventHandler<RejectedTradeMessage>? MessageRejected;

    /// <summary>Raised after a dispute change is persisted, with a copy of the dispute as it was then.</summary>
    public event EventHandler<Dispute>? Changed;

    private Network Network => _options.Network;

    /// <summary>The dispute of trade <paramref name="tradeId"/>; <see cref="NotFoundException"/> when this node has none.</summary>
    public Dispute Get(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        return Find(tradeId) ?? throw new NotFoundException($"No dispute of trade {tradeId} is known to this node.");
    }

    /// <summary>This node's disputes (as a trader or as the arbitrator), newest first; open ones only when <paramref name="open"/> is true, closed ones only when false.</summary>
    public IReadOnlyList<Dispute> List(bool? open = null) =>
        [.. _disputes.FindAll().Select(Dispute.FromBson).Where(d => open is null || d.IsClosed != open).OrderByDescending(d => d.Created).ThenBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Streams every persisted dispute change of this node (as a trader and as the arbitrator) from the moment of the
    /// call: opened, evidence added, decision made or received, payout published, resolved, refused, an error recorded.
    /// Each subscriber has its own bounded queue (<see cref="DisputeOptions.WatchCapacity"/>); a reader that falls
    /// behind loses the oldest changes.
    /// </summary>
    public IAsyncEnumerable<Dispute> WatchAsync(CancellationToken cancellationToken = default) =>
        ChangeStream.WatchAsync<Dispute>(h => Changed += h, h => Changed -= h, _ => true, _options.WatchCapacity, cancellationToken);

    /// <summary>The contract of <paramref name="dispute"/>.</summary>
    public static TradeContract ContractOf(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        return TradeContract.Parser.ParseFrom(SignedTradeContract.Parser.ParseFrom(dispute.SignedContract).Contract);
    }

    /// <summary>The arbitrator's fee for <paramref name="dispute"/> by its contract.</summary>
    public long ArbitratorFeeOf(Dispute dispute)
    {
        var contract = ContractOf(dispute);
        return DisputeSplit.ArbitratorFee(TradeContracts.ToEscrow(contract, Network).AmountSats, contract.ArbitratorFeeBps);
    }

    /// <summary>The escrow amount of <paramref name="dispute"/>, in satoshis.</summary>
    public long EscrowOf(Dispute dispute) => TradeContracts.ToEscrow(ContractOf(dispute), Network).AmountSats;

    /// <summary>True when <paramref name="dispute"/> is a goods order's (its contract names a listing version): the seller is the vendor.</summary>
    public static bool IsGoodsOrder(Dispute dispute) => ContractOf(dispute).ListingVersionHash.Length > 0;

    /// <summary>
    /// Trade <paramref name="tradeId"/>'s chat as this node has it, as UTF-8 text, one line per message:
    /// "time role: text" (newlines in a text become " / "). Empty without a chat service or messages.
    /// </summary>
    private byte[] TranscriptFor(string tradeId) => _chat is null ? [] : System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
        _chat.Transcript(tradeId).Select(m => $"{m.SentAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {m.SenderRole.ToString().ToLowerInvariant()}: {m.Text.ReplaceLineEndings(" / ")}")));

    /// <summary>The chat transcript the arbitrator received with the case, one line per message (empty when none; control characters shown as '?').</summary>
    public static IReadOnlyList<string> TranscriptOf(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        return Lines(dispute.ChatTranscript);
    }

    /// <summary>The fee rate a payout would be built with now (the chain's estimate, within bounds).</summary>
    public Task<Bitcoin.Fees.FeeRate> FeeRateAsync(CancellationToken cancellationToken = default) => _trades.FeeRateAsync(cancellationToken);

    /// <summary>Sends the messages of every open dispute's last step again, then watches the chain until <paramref name="cancellationToken"/> ends.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        foreach (var dispute in List(open: true))
        {
            await SendOutboxAsync(dispute, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await PollChainAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// One pass over the disputes: outboxes that could not be sent (the recipient's profile not known yet, say) are
    /// tried again; a decided payout is resolved once it confirms (whoever broadcast it), published once it is in the
    /// mempool, broadcast again when this node holds it signed and the chain lost it.
    /// </summary>
    internal async Task PollChainAsync(CancellationToken cancellationToken = default)
    {
        foreach (var id in _unsent.Keys)
        {
            if (Find(id) is { IsClosed: false } pending)
            {
                await SendOutboxAsync(pending, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _unsent.TryRemove(id, out _);
            }
        }

        foreach (var id in List(open: true).Where(d => d.PayoutTxid.Length > 0 && d.State is DisputeState.Decided or DisputeState.PayoutPublished).Select(d => d.Id))
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Find(id) is { IsClosed: false } dispute)
                {
                    await CheckChainAsync(dispute, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Checking the chain for the dispute of {TradeId} failed: {Reason}", id, e.Message);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private async Task CheckChainAsync(Dispute dispute, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var payout = await _chain.GetTransactionAsync(UInt256.Parse(dispute.PayoutTxid), cancellationToken).ConfigureAwait(false);
        if (payout is null)
        {
            if (dispute.PayoutTransaction.Length > 0)
            {
                await BroadcastAsync(dispute.Id, Transaction.FromBytes(dispute.PayoutTransaction), cancellationToken).ConfigureAwait(false);
            }
            else if (await _chain.GetTxOutAsync(Funding(dispute), includeMempool: true, cancellationToken).ConfigureAwait(false) is null
                && !dispute.LastError.StartsWith("The escrow was spent", StringComparison.Ordinal))
            {
                dispute.Fail("The escrow was spent by a transaction other than the decided payout.", now);
                Save(dispute);
            }

            return;
        }

        if (dispute.State == DisputeState.Decided)
        {
            dispute.PublishPayout(payout.Transaction.ToBytes(), now);
            Save(dispute);
        }

        if (payout.Confirmations > 0)
        {
            dispute.Resolve(now);
            _logger.LogInformation("Dispute of {TradeId} resolved by payout {Txid}", dispute.Id, dispute.PayoutTxid);
            Save(dispute);
            if (dispute.Role != EscrowRole.Arbitrator)
            {
                await Disputable(dispute.Id).Source.MarkResolvedAsync(dispute.Id, dispute.PayoutTxid, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The payout PSBT of trade <paramref name="tradeId"/> for signing elsewhere, with the path of the key expected to
    /// sign it. On the arbitrator's node: the decided dispute payout. On a trader's: the dispute payout once decided,
    /// else the trade's own payout PSBT. The PSBT carries the key's origin (master fingerprint and path).
    /// </summary>
    public PayoutPsbtForSigning GetPsbt(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        byte[] bytes;
        if (Find(tradeId) is { PayoutPsbt.Length: > 0 } dispute)
        {
            bytes = dispute.PayoutPsbt;
        }
        else if (Find(tradeId) is { Role: EscrowRole.Arbitrator })
        {
            throw new PreconditionFailedException($"The dispute of trade {tradeId} has no payout yet; decide it first (Resolve).");
        }
        else
        {
            var trade = Disputable(tradeId).Trade;
            bytes = trade.PayoutPsbt.Length > 0 ? trade.PayoutPsbt : throw new PreconditionFailedException($"Trade {tradeId} has no payout PSBT yet.");
        }

        var psbt = PSBT.Load(bytes, Network);
        var (key, origin) = EscrowKeyWithOrigin(tradeId);
        psbt.Inputs[0].AddKeyPath(key.PubKey, origin);
        return new PayoutPsbtForSigning(psbt.ToBase64(), origin.KeyPath.ToStringWithRoot(), key.PubKey.ToHex(), origin.MasterFingerprint.ToString());
    }

    /// <summary>
    /// Takes back a PSBT signed elsewhere: it must be the same unsigned transaction as this node's payout and carry a
    /// valid signature by this node's escrow key for the trade; otherwise it is refused and nothing changes. Then the
    /// dispute goes on as if signed here: the arbitrator sends its decision, a trader accepts the decision.
    /// </summary>
    public async Task<Dispute> SubmitPsbtAsync(string tradeId, string base64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        if (!PSBT.TryParse(base64?.Trim(), Network, out var submitted))
        {
            throw new InvalidInputException("psbt", "The PSBT is not a base64 PSBT for this network.");
        }

        var dispute = Get(tradeId);
        if (dispute.Role == EscrowRole.Arbitrator)
        {
            return await SubmitArbitratorSignatureAsync(dispute.Id, submitted, cancellationToken).ConfigureAwait(false);
        }

        return await AcceptAsync(tradeId, submitted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The signature of this node's escrow key taken from <paramref name="submitted"/>, copied into <paramref name="ours"/>:
    /// refused unless it is the same unsigned transaction and the signature verifies.
    /// </summary>
    private PSBT MergeExternalSignature(PSBT ours, PSBT submitted, EscrowContract escrow, PubKey expected)
    {
        if (submitted.GetGlobalTransaction().GetHash() != ours.GetGlobalTransaction().GetHash()
            || !submitted.GetGlobalTransaction().ToBytes().AsSpan().SequenceEqual(ours.GetGlobalTransaction().ToBytes()))
        {
            throw new InvalidInputException("psbt", "The PSBT is not the payout of this dispute (a different unsigned transaction).");
        }

        if (!submitted.Inputs[0].PartialSigs.ContainsKey(expected))
        {
            throw new InvalidInputException("psbt", $"The PSBT carries no signature by the expected key {expected.ToHex()}.");
        }

        var merged = ours.Clone();
        merged.Inputs[0].PartialSigs[expected] = submitted.Inputs[0].PartialSigs[expected];
        if (!EscrowTransactions.HasValidSignature(merged, escrow, expected))
        {
            throw new InvalidInputException("psbt", $"The signature by {expected.ToHex()} does not verify for this payout (SIGHASH_ALL over the escrow input).");
        }

        return merged;
    }

    private (Key Key, RootedKeyPath Origin) EscrowKeyWithOrigin(string tradeId)
    {
        var index = EscrowKeyDerivation.ChildIndex(tradeId);
        var path = KeyPaths.Bip84Account(Network, WalletService.EscrowAccount).Derive(index);
        return (_wallet.GetEscrowKey(index), new RootedKeyPath(_wallet.MasterFingerprint, path));
    }

    private Key EscrowKey(string tradeId) => _wallet.GetEscrowKey(EscrowKeyDerivation.ChildIndex(tradeId));

    private static OutPoint Funding(Dispute dispute) => new(UInt256.Parse(dispute.DepositTxid), dispute.DepositIndex);

    /// <summary>The disputable trade <paramref name="tradeId"/> and the source that holds it; <see cref="NotFoundException"/> when none does.</summary>
    private (IDisputableTrades Source, DisputableEscrow Trade) Disputable(string tradeId) => TryDisputable(tradeId)
        ?? throw new NotFoundException($"No trade or order with id {tradeId} is known to this node.");

    private (IDisputableTrades Source, DisputableEscrow Trade)? TryDisputable(string tradeId)
    {
        foreach (var source in _sources)
        {
            if (source.FindDisputable(tradeId) is { } trade)
            {
                return (source, trade);
            }
        }

        return null;
    }

    /// <summary>The dispute of trade <paramref name="tradeId"/>, or null when this node has none.</summary>
    public Dispute? Find(string tradeId) => _disputes.FindById(tradeId) is { } doc ? Dispute.FromBson(doc) : null;

    /// <summary>Persists <paramref name="dispute"/>, then raises <see cref="Changed"/> with a copy (a later step of the same object must not rewrite a change a watcher has not read yet).</summary>
    private void Save(Dispute dispute)
    {
        var document = dispute.ToBson();
        _disputes.Upsert(document);
        if (Changed is { } changed)
        {
            changed(this, Dispute.FromBson(document));
        }
    }

    /// <summary>Records <paramref name="messages"/> as the dispute's outbox, persists, then sends them.</summary>
    private async Task SaveAndSendAsync(Dispute dispute, IEnumerable<(ByteString Recipient, DisputeMessage Message)> messages, CancellationToken cancellationToken)
    {
        dispute.RecordOutgoing(messages.Select(m => new DisputeOutgoing(m.Recipient.ToByteArray(), m.Message.ToByteArray())), _time.GetUtcNow());
        Save(dispute);
        await SendOutboxAsync(dispute, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the dispute's outbox; when a message cannot be sent now, the poll loop tries the outbox again.</summary>
    private async Task SendOutboxAsync(Dispute dispute, CancellationToken cancellationToken)
    {
        var sent = true;
        foreach (var outgoing in dispute.Outbox)
        {
            sent &= await SendAsync(outgoing.Recipient, outgoing.Message, cancellationToken).ConfigureAwait(false);
        }

        if (sent)
        {
            _unsent.TryRemove(dispute.Id, out _);
        }
        else
        {
            _unsent[dispute.Id] = true;
        }
    }

    /// <summary>Persisted already: when it cannot be sent now, the loop (or the next start) sends it again.</summary>
    private Task<bool> SendAsync(byte[] recipient, byte[] message, CancellationToken cancellationToken) =>
        _router.TrySendAsync(NodeKey.Create(recipient), MailTopic, message, cancellationToken);

    private async Task BroadcastAsync(string tradeId, Transaction transaction, CancellationToken cancellationToken)
    {
        var result = await _chain.BroadcastAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (!result.Accepted)
        {
            _logger.LogWarning("Dispute of {TradeId}: broadcast of {Txid} refused: {Reason}", tradeId, result.Txid, result.RejectReason);
        }
    }

    private void Reject(string tradeId, NodeKey sender, string reason)
    {
        _logger.LogWarning("Dispute message for {TradeId} from {Sender} rejected: {Reason}", tradeId, sender.Id, reason);
        MessageRejected?.Invoke(this, new RejectedTradeMessage(tradeId, sender, reason));
    }

    private string CheckText(string? text, string field, bool required)
    {
        text = text?.Trim() ?? string.Empty;
        if (required && text.Length == 0)
        {
            throw new InvalidInputException(field, $"The field {field} is required.");
        }

        if (text.Length > _options.MaxTextLength)
        {
            throw new InvalidInputException(field, $"The field {field} is {text.Length} characters long; at most {_options.MaxTextLength} are allowed.");
        }

        return text;
    }

    private static string Hex(UInt256 txid) => txid.ToString();
}
