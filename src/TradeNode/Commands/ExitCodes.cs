namespace TradeNode.Commands;

/// <summary>Process exit codes of <c>tradenode</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed that was not the user's input.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the input was wrong; one sentence on stderr says what.</summary>
    public const int BadInput = 2;

    /// <summary>The node answered with an error (invalid argument, not found, wrong state, refused key); its sentence is on stderr.</summary>
    public const int ApiError = 3;

    /// <summary>No node to talk to: its address file is missing or nothing answers there; stderr says how to start one.</summary>
    public const int CannotConnect = 4;
}
