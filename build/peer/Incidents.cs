using Marten;
using Wolverine.Http;
using Wolverine.Marten;

namespace Peer;

public sealed record Location(double Lat, double Lon, string Datum);

public sealed record ReportIncident(string Type, int Priority, Location Location, string? Address, string? Description);

public sealed record IncidentReported(Guid IncidentId, string Type, int Priority, Location Location, string? Address,
    string? Description, DateTimeOffset ReportedAt);

public sealed record IncidentLogged(Guid IncidentId);

public sealed record IncidentAcknowledged(Guid IncidentId, DateTimeOffset At);

public sealed class Incident
{
    public Guid Id { get; set; }
}

public static class ReportIncidentEndpoint
{
    [WolverinePost("/incidents")]
    public static (CreationResponse<Guid>, IStartStream, IncidentLogged) Post(ReportIncident command)
    {
        var id = Guid.CreateVersion7();
        var reported = new IncidentReported(id, command.Type, command.Priority, command.Location, command.Address,
            command.Description, DateTimeOffset.UtcNow);
        return (new CreationResponse<Guid>($"/incidents/{id}", id), MartenOps.StartStream<Incident>(id, reported), new IncidentLogged(id));
    }
}

public static class IncidentLoggedHandler
{
    public static void Handle(IncidentLogged message, IDocumentSession session) =>
        session.Events.Append(message.IncidentId, new IncidentAcknowledged(message.IncidentId, DateTimeOffset.UtcNow));
}
