using Marten;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Dispatch.Api.Hosting;

/// <summary>
/// A Marten session for one request's writes: stamped with the caller's correlation id and enrolled
/// in Wolverine's outbox, so messages published here commit with the events or not at all.
/// </summary>
public sealed class WriteSession : IAsyncDisposable
{
    private WriteSession(IDocumentSession session, IMartenOutbox outbox, CallerContext caller)
    {
        Session = session;
        Outbox = outbox;
        Caller = caller;
    }

    public IDocumentSession Session { get; }
    public IMartenOutbox Outbox { get; }
    public CallerContext Caller { get; }

    public static WriteSession Open(IDocumentStore store, IWolverineRuntime wolverine, HttpContext http)
    {
        var caller = http.Caller();
        var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        return new WriteSession(session, new MartenOutbox(wolverine, session), caller);
    }

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
