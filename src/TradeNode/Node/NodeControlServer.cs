using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeNode.Core.Messaging;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Protocol;

namespace TradeNode.Node;

/// <summary>
/// A tiny local-only HTTP JSON surface over a running <see cref="P2PNode"/>, for tests and demos until the node's
/// real gRPC API replaces it: GET /info, GET /items, POST /items, POST /tombstones, POST /mailbox (text or base64 bytes), GET /mailbox,
/// POST /stop. It listens on 127.0.0.1 only.
/// </summary>
public sealed class NodeControlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Task _collector;

    private NodeControlServer(WebApplication app, Task collector, int port)
    {
        _app = app;
        _collector = collector;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>
    /// Starts the surface. With <paramref name="mail"/> (the router reads the mailbox) GET /mailbox shows the
    /// messages no service reads; without it the surface reads the mailbox itself.
    /// </summary>
    public static async Task<NodeControlServer> StartAsync(P2PNode node, int port, Action stop, MailRouter? mail = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var received = new ConcurrentQueue<ReceivedMessage>();
        Task collector;
        if (mail is not null)
        {
            mail.Unrouted += (_, message) => received.Enqueue(message);
            collector = Task.CompletedTask;
        }
        else
        {
            collector = Task.Run(async () =>
            {
                await foreach (var message in node.Mailbox.Received.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    received.Enqueue(message);
                }
            }, CancellationToken.None);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/info", () => Results.Json(new
        {
            nodeId = node.Identity.Id.ToString(),
            nodeKey = node.Identity.PublicKey.ToHex(),
            encryptionKey = Convert.ToHexStringLower(node.Identity.EncryptionPublicKey),
            address = node.ListenAddress,
            items = node.Store.Count,
            bans = node.Transport.Bans.Active().Select(b => b.Id).ToArray(),
            peers = node.Transport.Links.Select(l => new { key = l.PeerKey, address = l.RemoteAddress, outbound = l.IsOutbound }).ToArray(),
        }));
        app.MapGet("/items", (string? kind) =>
        {
            var items = node.Store.GetSortedIds().Select(id => node.Store.Get(id)).OfType<SignedItem>()
                .Select(item => (Item: item, Content: ItemContent.Parser.ParseFrom(item.Content)))
                .Where(x => kind is null || (ItemKindNames.TryParse(kind, out var k) && x.Content.Kind == k))
                .Select(x => new
                {
                    id = ItemId.Compute(x.Item.Content.Span).ToString(),
                    kind = ItemKindNames.ToName(x.Content.Kind),
                    author = Convert.ToHexStringLower(x.Content.Author.Span),
                    key = x.Content.Key,
                    sequence = x.Content.Sequence,
                    expiresUnixMs = x.Content.ExpiresUnixMs,
                    body = x.Content.Kind is ItemKind.Offer or ItemKind.Listing or ItemKind.Rating or ItemKind.ArbitratorProfile ? x.Content.Body.ToStringUtf8() : null,
                })
                .ToArray();
            return Results.Json(items);
        });
        app.MapPost("/items", async (PublishRequest request, CancellationToken token) =>
        {
            if (!ItemKindNames.TryParse(request.Kind, out var kind) || kind is ItemKind.Tombstone or ItemKind.Mailbox or ItemKind.NodeProfile)
            {
                return Results.BadRequest(new { error = "kind must be offer, listing, arbitrator-profile or rating." });
            }

            var now = node.Time.GetUtcNow();
            var item = node.Builder.Build(node.Identity, kind, request.Key ?? string.Empty, request.Sequence, Encoding.UTF8.GetBytes(request.Body ?? string.Empty), now, TimeSpan.FromSeconds(request.TtlSeconds));
            return Results.Json(Describe(await node.PublishAsync(item, token).ConfigureAwait(false)));
        });
        app.MapPost("/tombstones", async (PublishRequest request, CancellationToken token) =>
        {
            if (!ItemKindNames.TryParse(request.Kind, out var kind))
            {
                return Results.BadRequest(new { error = "kind names the kind of the removed item." });
            }

            var item = node.Builder.BuildTombstone(node.Identity, kind, request.Key ?? string.Empty, request.Sequence, node.Time.GetUtcNow());
            return Results.Json(Describe(await node.PublishAsync(item, token).ConfigureAwait(false)));
        });
        app.MapPost("/mailbox", async (MailRequest request, CancellationToken token) =>
        {
            if (!NodeKey.TryParse(request.Recipient, out var recipient))
            {
                return Results.BadRequest(new { error = "recipient is a node key in hex." });
            }

            byte[] payload;
            try
            {
                payload = request.PayloadBase64 is { } base64 ? Convert.FromBase64String(base64) : Encoding.UTF8.GetBytes(request.Payload ?? string.Empty);
            }
            catch (FormatException)
            {
                return Results.BadRequest(new { error = "payloadBase64 is not base64." });
            }

            try
            {
                var id = await node.Mailbox.SendAsync(recipient, payload, token).ConfigureAwait(false);
                return Results.Json(new { messageId = Convert.ToHexStringLower(id) });
            }
            catch (InvalidOperationException ex)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
        });
        app.MapGet("/mailbox", () => Results.Json(received.ToArray().Select(m => new
        {
            messageId = m.MessageIdHex,
            sender = m.Sender.ToHex(),
            payload = Encoding.UTF8.GetString(m.Payload),
        }).ToArray()));
        app.MapPost("/stop", () =>
        {
            stop();
            return Results.Json(new { stopping = true });
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NodeControlServer(app, collector, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _collector.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static object Describe(ItemAcceptance acceptance) => new
    {
        id = acceptance.Id.ToString(),
        status = acceptance.Status.ToString(),
        rejection = acceptance.Rejection?.ToString(),
        detail = acceptance.Detail,
    };
}
