namespace TradeNode.Api.Contracts.Client;

/// <summary>Where an <see cref="ApiConnection"/> found the API's URL.</summary>
public enum ApiEndpointSource
{
    /// <summary>The data directory's <c>api.address</c>, written by the node when its API listens.</summary>
    AddressFile,

    /// <summary>A URL the user gave.</summary>
    Url,

    /// <summary>A loopback port the user gave.</summary>
    Port,
}
