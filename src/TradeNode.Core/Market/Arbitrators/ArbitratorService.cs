using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Core.Errors;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;
using Wire = TradeNode.Core.Protocol;

namespace TradeNode.Core.Market.Arbitrators;

/// <summary>
/// Arbitrator profiles: registers this node as an arbitrator (its ARBITRATOR_PROFILE item, key "arbitrator",
/// replaced on each registration and refreshed before it expires) and lists the valid profiles in the item store.
/// Offers and listings name arbitrators by node id without requiring a known profile: a taker checks
/// <see cref="IsKnown"/> before choosing one.
/// </summary>
public sealed class ArbitratorService
{
    /// <summary>The item key of every arbitrator profile.</summary>
    public const string ItemKey = "arbitrator";

    /// <summary>The highest fee, in basis points (10%).</summary>
    public const int MaxFeeBps = 1_000;

    private const int MaxLanguages = 20;
    private const int MaxNameChars = 64;
    private const int MaxDescriptionBytes = 4 * 1024;

    private readonly P2PNode _node;
    private readonly MarketOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OwnItems _own;

    public ArbitratorService(P2PNode node, LiteDatabase database, MarketOptions? options = null, TimeProvider? time = null, ILogger<ArbitratorService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(database);
        _node = node;
        _options = options ?? new MarketOptions();
        _time = time ?? node.Time;
        _logger = logger ?? NullLogger<ArbitratorService>.Instance;
        var maxTtl = node.Builder.Policy.Get(ItemKind.ArbitratorProfile).MaxTtl;
        if (_options.ArbitratorTtl <= TimeSpan.Zero || _options.ArbitratorTtl > maxTtl)
        {
            throw new ArgumentException($"The arbitrator profile TTL must be positive and at most the network's {maxTtl}.", nameof(options));
        }

        _own = new OwnItems(node, database, _time, _logger);
    }

    /// <summary>Publishes (or replaces) this node's arbitrator profile after checking every field of <paramref name="draft"/>.</summary>
    public async Task<ArbitratorProfile> RegisterAsync(ArbitratorDraft draft, CancellationToken cancellationToken = default)
    {
        var body = Validate(draft, _options.Network);
        var sequence = (_own.Find(ItemKind.ArbitratorProfile, ItemKey)?.Sequence ?? 0) + 1;
        await _own.PublishAsync(ItemKind.ArbitratorProfile, ItemKey, body.ToByteArray(), sequence, _options.ArbitratorTtl, null, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Registered as arbitrator with fee {FeeBps} bps", draft.FeeBps);
        return Get(_node.Identity.Id);
    }

    /// <summary>Every valid arbitrator profile this node knows, ordered by node id.</summary>
    public IReadOnlyList<ArbitratorProfile> List() =>
        [.. _node.Store.GetByKind(ItemKind.ArbitratorProfile)
            .Select(item => TryDecode(ItemContent.Parser.ParseFrom(item.Content), _options.Network, out _))
            .OfType<ArbitratorProfile>()
            .OrderBy(p => p.NodeId.ToString(), StringComparer.Ordinal)];

    /// <summary>The profile of <paramref name="nodeId"/>; <see cref="NotFoundException"/> when there is none.</summary>
    public ArbitratorProfile Get(NodeId nodeId) =>
        List().FirstOrDefault(p => p.NodeId == nodeId) ?? throw new NotFoundException($"No arbitrator profile of node {nodeId} is known to this node.");

    /// <summary>True when a valid profile of <paramref name="nodeId"/> is in the item store.</summary>
    public bool IsKnown(NodeId nodeId) => List().Any(p => p.NodeId == nodeId);

    /// <summary>Keeps this node's profile alive until <paramref name="cancellationToken"/> ends.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => RefreshLoop.RunAsync(_own, ItemKind.ArbitratorProfile, _options, _time, _logger, cancellationToken);

    internal static Wire.ArbitratorProfileBody Validate(ArbitratorDraft draft, TradeNode.Bitcoin.Network network)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.FeeBps is < 0 or > MaxFeeBps)
        {
            throw new InvalidInputException("fee_bps", $"The field fee_bps must be between 0 and {MaxFeeBps} basis points (10%).");
        }

        if (draft.Languages is null || draft.Languages.Count is 0 or > MaxLanguages)
        {
            throw new InvalidInputException("languages", $"The field languages needs 1 to {MaxLanguages} ISO 639-1 codes such as en.");
        }

        foreach (var language in draft.Languages)
        {
            if (!(language is { Length: 2 } && language.All(c => c is >= 'a' and <= 'z')))
            {
                throw new InvalidInputException("languages", $"The field languages holds '{MarketRules.Shorten(language)}'; a language is a lower-case ISO 639-1 code such as en.");
            }
        }

        if ((draft.Name ?? string.Empty).Length > MaxNameChars)
        {
            throw new InvalidInputException("name", $"The field name is longer than {MaxNameChars} characters.");
        }

        var body = new Wire.ArbitratorProfileBody
        {
            FeeBps = (uint)draft.FeeBps,
            Name = MarketRules.Text(draft.Name, "name", int.MaxValue, required: false),
            Description = MarketRules.Text(draft.Description, "description", MaxDescriptionBytes, required: false),
            EscrowXpub = MarketRules.Xpub(draft.EscrowXpub, network, "escrow_xpub").ToString(network),
        };
        body.Languages.AddRange(draft.Languages.Distinct(StringComparer.Ordinal));
        return body;
    }

    internal static ArbitratorProfile? TryDecode(ItemContent content, TradeNode.Bitcoin.Network network, out string reason)
    {
        reason = string.Empty;
        if (content.Kind != ItemKind.ArbitratorProfile || content.Key != ItemKey)
        {
            reason = "not an arbitrator profile item";
            return null;
        }

        try
        {
            var body = Wire.ArbitratorProfileBody.Parser.ParseFrom(content.Body);
            var canonical = Validate(new ArbitratorDraft
            {
                Name = body.Name,
                FeeBps = body.FeeBps > MaxFeeBps ? -1 : (int)body.FeeBps,
                Languages = body.Languages,
                Description = body.Description,
                EscrowXpub = body.EscrowXpub,
            }, network);
            var key = NodeKey.Create(content.Author.Span);
            return new ArbitratorProfile
            {
                NodeId = key.Id,
                NodeKey = key,
                Name = canonical.Name,
                FeeBps = (int)canonical.FeeBps,
                Languages = [.. canonical.Languages],
                Description = canonical.Description,
                EscrowXpub = canonical.EscrowXpub,
                Published = DateTimeOffset.FromUnixTimeMilliseconds(content.CreatedUnixMs),
                Expires = DateTimeOffset.FromUnixTimeMilliseconds(content.ExpiresUnixMs),
                Sequence = content.Sequence,
            };
        }
        catch (Exception e) when (e is InvalidInputException or FormatException or InvalidProtocolBufferException)
        {
            reason = e.Message;
            return null;
        }
    }
}
