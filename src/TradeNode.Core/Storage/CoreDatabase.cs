using LiteDB;
using LiteDB.Engine;

namespace TradeNode.Core.Storage;

/// <summary>
/// Opens the node's core LiteDB database (one file, Direct mode, one instance per process) over
/// <see cref="SerializedLiteEngine"/>, so the wallet and the services can share it from any thread.
/// </summary>
public static class CoreDatabase
{
    /// <summary>Opens (or creates) the database file at <paramref name="path"/>; dispose the result to close it.</summary>
    public static LiteDatabase Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new LiteDatabase(new SerializedLiteEngine(new LiteEngine(new EngineSettings { Filename = path })), mapper: null, disposeOnClose: true);
    }
}
