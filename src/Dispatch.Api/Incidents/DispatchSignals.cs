using System.Collections.Concurrent;

namespace Dispatch.Api.Incidents;

/// <summary>
/// Lets the request that reported an incident wait for the dispatch handler's decision, so the
/// dispatcher usually gets it in the response. Only a courtesy: the decision itself travels through
/// the durable queue and the event store, whether anyone waits or not.
/// </summary>
public sealed class DispatchSignals
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();

    public Task Expect(Guid incidentId) =>
        _waiting.GetOrAdd(incidentId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Settled(Guid incidentId)
    {
        if (_waiting.TryRemove(incidentId, out var waiting)) waiting.TrySetResult();
    }

    public void StopWaiting(Guid incidentId) => _waiting.TryRemove(incidentId, out _);
}
