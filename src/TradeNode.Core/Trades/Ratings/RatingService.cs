using System.Collections.Concurrent;
using System.Security.Cryptography;
using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Bitcoin;
using TradeNode.Chain;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Protocol;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Trades.Ratings;

/// <summary>
/// Ratings: after a completed escrow trade the buyer publishes a signed RATING item (key = the escrow funding
/// outpoint, so one per escrow, replaceable by its author) carrying the contract both traders signed; every node lists
/// the ratings of a vendor or listing with each one's verification (<see cref="RatingVerifier"/>) and a summary.
/// <para>Which trades this node may rate is answered by <see cref="IRatingTradeSource"/>s (goods orders only:
/// <see cref="RatingVerifier"/> refuses any other contract). Verification results are cached by item id: a verified one for good, an unverified one for
/// <see cref="RatingOptions.RecheckUnverifiedAfter"/>. <see cref="RunAsync"/> keeps own ratings alive and verifies
/// new ones in the background, so <see cref="CachedSummary"/> (shown with listings) needs no chain call.</para>
/// </summary>
/// <remarks>
/// The signed contract a rating carries is public from then on. That is why only goods contracts are rated: they hold
/// no payment account details, and the shipping address travels only in the encrypted order message, never in the
/// contract. A currency contract holds both traders' payment accounts and is never published.
/// </remarks>
public sealed class RatingService
{
    /// <summary>The longest rating text, in characters.</summary>
    public const int MaxTextLength = 500;

    private readonly P2PNode _node;
    private readonly IChainClient _chain;
    private readonly List<IRatingTradeSource> _sources;
    private readonly RatingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OwnItems _own;
    private readonly ConcurrentDictionary<string, RatingVerification> _verified = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<NodeKey, RatingSummary>? _summaries;

    public RatingService(P2PNode node, LiteDatabase database, IChainClient chain, IEnumerable<IRatingTradeSource>? sources = null, RatingOptions? options = null,
        TimeProvider? time = null, ILogger<RatingService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(chain);
        _node = node;
        _chain = chain;
        _sources = [.. sources ?? []];
        _options = options ?? new RatingOptions();
        _time = time ?? node.Time;
        _logger = logger ?? NullLogger<RatingService>.Instance;
        var maxTtl = node.Builder.Policy.Get(ItemKind.Rating).MaxTtl;
        if (_options.Ttl <= TimeSpan.Zero || _options.Ttl > maxTtl)
        {
            throw new ArgumentException($"The rating TTL must be positive and at most the network's {maxTtl}.", nameof(options));
        }

        _own = new OwnItems(node, database, _time, _logger);
        node.Store.ItemsStored += (_, _) => Volatile.Write(ref _summaries, null);
        node.Store.ItemsRemoved += (_, _) => Volatile.Write(ref _summaries, null);
    }

    /// <summary>Adds a source of rateable trades (a service built after this one).</summary>
    public void AddSource(IRatingTradeSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_sources)
        {
            _sources.Add(source);
        }
    }

    /// <summary>
    /// Publishes (or replaces) this node's rating of trade <paramref name="tradeId"/>: <paramref name="stars"/> 1 to 5
    /// and <paramref name="text"/> (at most <see cref="MaxTextLength"/> characters). Only this node's buyer side of a
    /// completed escrow trade may rate it.
    /// </summary>
    /// <exception cref="InvalidInputException">Stars out of range, text too long or with control characters.</exception>
    /// <exception cref="NotFoundException">No source knows the trade.</exception>
    /// <exception cref="PreconditionFailedException">This node is not the buyer, or the trade has not completed.</exception>
    public async Task<Rating> PublishAsync(string tradeId, int stars, string? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        text ??= string.Empty;
        if (stars is < 1 or > 5)
        {
            throw new InvalidInputException("stars", "The field stars must be 1 to 5.");
        }

        if (TextProblem(text) is { } problem)
        {
            throw new InvalidInputException("text", problem);
        }

        var trade = FindTrade(tradeId) ?? throw new NotFoundException($"No trade with id {tradeId} is known to this node.");
        if (!trade.IsBuyer)
        {
            throw new PreconditionFailedException($"Only the buyer rates a trade; this node is the seller of trade {tradeId}.");
        }

        if (!trade.IsCompleted || trade.Contract is null || trade.EscrowOutPoint is null)
        {
            throw new PreconditionFailedException($"Trade {tradeId} has not completed; a rating needs the escrow paid out.");
        }

        var contract = TradeContract.Parser.ParseFrom(trade.Contract.Contract);
        if (RatingVerifier.CheckPublishable(contract) is { } notPublishable)
        {
            // Never publish a contract holding personal data, whatever source offered it.
            throw new PreconditionFailedException(notPublishable);
        }

        var body = new RatingBody
        {
            SubjectNodeKey = contract.SellerNodeKey,
            ListingId = trade.ListingId,
            Stars = (uint)stars,
            Text = text,
            EscrowTxid = trade.EscrowOutPoint.Hash.ToString(),
            EscrowVout = trade.EscrowOutPoint.N,
            Contract = trade.Contract,
        };
        var key = trade.EscrowOutPoint.ToString();
        var sequence = (_own.Find(ItemKind.Rating, key)?.Sequence ?? 0) + 1;
        await _own.PublishAsync(ItemKind.Rating, key, body.ToByteArray(), sequence, _options.Ttl, null, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Rated trade {TradeId} with {Stars} stars", tradeId, stars);
        var item = _node.Store.Find(_node.Identity.PublicKey, ItemKind.Rating, key)
            ?? throw new PreconditionFailedException("The published rating is not in the item store.");
        var rating = Decode(item) ?? throw new PreconditionFailedException("The published rating does not decode.");
        return await WithVerificationAsync(rating.Rating, rating.Body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The ratings of the node <paramref name="subject"/> and/or of listing <paramref name="listingId"/> (null or
    /// empty: any), newest first, each verified (from the cache when fresh) and the summary of them.
    /// </summary>
    public async Task<(IReadOnlyList<Rating> Ratings, RatingSummary Summary)> ListAsync(NodeId? subject, string? listingId, CancellationToken cancellationToken = default)
    {
        var ratings = new List<Rating>();
        foreach (var (rating, body) in All())
        {
            if ((subject is { } s && rating.SubjectKey.Id != s) || (!string.IsNullOrEmpty(listingId) && rating.ListingId != listingId))
            {
                continue;
            }

            ratings.Add(await WithVerificationAsync(rating, body, cancellationToken).ConfigureAwait(false));
        }

        ratings = [.. ratings.OrderByDescending(r => r.Published).ThenBy(r => r.ItemId, StringComparer.Ordinal)];
        return (ratings, RatingSummary.Of(ratings));
    }

    /// <summary>The summary of <paramref name="subject"/>'s ratings from the cached verifications only (no chain call): what listings show.</summary>
    /// <remarks>Computed for every subject at once and kept until an item is stored or removed or a verification changes, so a page of listings costs one pass.</remarks>
    public RatingSummary CachedSummary(NodeKey subject)
    {
        var summaries = Volatile.Read(ref _summaries);
        if (summaries is null)
        {
            summaries = All()
                .Select(r => r.Rating with { Verification = _verified.GetValueOrDefault(r.Rating.ItemId, RatingVerification.Unchecked) })
                .GroupBy(r => r.SubjectKey)
                .ToDictionary(g => g.Key, g => RatingSummary.Of([.. g]));
            Volatile.Write(ref _summaries, summaries);
        }

        return summaries.GetValueOrDefault(subject) ?? new RatingSummary(0, 0, null);
    }

    /// <summary>Verifies every rating whose result is missing or stale; returns how many were checked.</summary>
    public async Task<int> VerifyPendingAsync(CancellationToken cancellationToken = default)
    {
        var checkedCount = 0;
        foreach (var (rating, body) in All())
        {
            if (IsFresh(rating.ItemId))
            {
                continue;
            }

            await WithVerificationAsync(rating, body, cancellationToken).ConfigureAwait(false);
            checkedCount++;
        }

        return checkedCount;
    }

    /// <summary>Keeps own ratings alive and verifies new or stale ones every <see cref="RatingOptions.VerifyInterval"/> until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(RefreshLoop.RunAsync(_own, ItemKind.Rating, new MarketOptions { Network = _options.Network }, _time, _logger, cancellationToken), VerifyLoopAsync(cancellationToken));

    /// <summary>Why <paramref name="text"/> cannot be a rating's text, as a sentence; null when it can (empty is allowed).</summary>
    public static string? TextProblem(string? text)
    {
        text ??= string.Empty;
        if (text.Length > MaxTextLength)
        {
            return $"A rating's text is at most {MaxTextLength} characters; this one has {text.Length}.";
        }

        return text.Any(c => char.IsControl(c) && c is not '\n' and not '\t') ? "A rating's text may not hold control characters other than newline and tab." : null;
    }

    /// <summary>The rating in <paramref name="item"/> and its body; null when it is not a well-formed rating (it is then ignored).</summary>
    internal (Rating Rating, RatingBody Body)? Decode(SignedItem item)
    {
        try
        {
            var content = ItemContent.Parser.ParseFrom(item.Content);
            var body = RatingBody.Parser.ParseFrom(content.Body);
            if (content.Kind != ItemKind.Rating || body.Stars is < 1 or > 5 || TextProblem(body.Text) is not null || body.Contract is null
                || !NodeKey.TryCreate(content.Author.Span, out var author) || !NodeKey.TryCreate(body.SubjectNodeKey.Span, out var subject)
                || !UInt256.TryParse(body.EscrowTxid, out var txid))
            {
                return null;
            }

            var outPoint = new OutPoint(txid, body.EscrowVout);
            if (content.Key != outPoint.ToString())
            {
                return null;
            }

            var tradeId = TradeContract.Parser.ParseFrom(body.Contract.Contract).TradeId;
            var rating = new Rating
            {
                ItemId = Convert.ToHexStringLower(SHA256.HashData(item.Content.Span)),
                AuthorKey = author,
                SubjectKey = subject,
                ListingId = body.ListingId,
                Stars = (int)body.Stars,
                Text = body.Text,
                EscrowOutPoint = outPoint,
                TradeId = tradeId,
                Published = DateTimeOffset.FromUnixTimeMilliseconds(content.CreatedUnixMs),
                IsMine = author == _node.Identity.PublicKey,
                Verification = RatingVerification.Unchecked,
            };
            return (rating, body);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private IEnumerable<(Rating Rating, RatingBody Body)> All() =>
        _node.Store.GetByKind(ItemKind.Rating).Select(Decode).OfType<(Rating, RatingBody)>();

    private RateableTrade? FindTrade(string tradeId)
    {
        IRatingTradeSource[] sources;
        lock (_sources)
        {
            sources = [.. _sources];
        }

        return sources.Select(s => s.Find(tradeId)).FirstOrDefault(t => t is not null);
    }

    private bool IsFresh(string itemId) =>
        _verified.TryGetValue(itemId, out var result) && (result.IsVerified || _time.GetUtcNow() - result.CheckedAt < _options.RecheckUnverifiedAfter);

    private async Task<Rating> WithVerificationAsync(Rating rating, RatingBody body, CancellationToken cancellationToken)
    {
        if (!IsFresh(rating.ItemId))
        {
            var result = await RatingVerifier.VerifyAsync(body, rating.AuthorKey, _chain, _options.Network, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            _verified[rating.ItemId] = result;
            Volatile.Write(ref _summaries, null);
            if (!result.IsVerified)
            {
                _logger.LogDebug("Rating {ItemId} of {Subject} unverified: {Reason}", rating.ItemId, rating.SubjectKey.Id, result.Reason);
            }
        }

        return rating with { Verification = _verified[rating.ItemId] };
    }

    private async Task VerifyLoopAsync(CancellationToken cancellationToken)
    {
        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await VerifyPendingAsync(cancellationToken).ConfigureAwait(false);
                failing = false;
                await Task.Delay(_options.VerifyInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is LiteException or IOException or InvalidOperationException)
            {
                if (!failing)
                {
                    _logger.LogError(e, "Verifying ratings failed");
                }

                failing = true;
                await Task.Delay(_options.VerifyInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
