using LiteDB;

namespace OpenFineTune.Server.Storage;

/// <summary>
/// A record kind in LiteDB. Each document is the mapped record plus <c>_seq</c> (insertion order, the list order)
/// and <c>_key</c> (the list filter). Every write ends with a checkpoint, because LiteDB's commit only queues the
/// log pages for a background writer; the checkpoint waits until that writer has written and flushed them to disk
/// (then copies them into the data file), so a write that returned survives <c>kill -9</c>.
/// </summary>
sealed class LiteDbRecordSet<T> : IRecordSet<T> where T : class, IStoredRecord
{
    const string Seq = "_seq", Key = "_key";
    readonly LiteDatabase _db;
    readonly ILiteCollection<BsonDocument> _docs;
    readonly Lock _writeLock = new();
    long _lastSeq;

    public LiteDbRecordSet(LiteDatabase db, string name)
    {
        _db = db;
        _docs = db.GetCollection(name);
        _docs.EnsureIndex(Seq);
        _docs.EnsureIndex(Key);
        _lastSeq = _docs.Query().OrderByDescending(Seq).Limit(1).FirstOrDefault()?[Seq].AsInt64 ?? 0;
    }

    public Task AddAsync(T record, CancellationToken ct = default)
    {
        lock (_writeLock)
        {
            _docs.Insert(ToDocument(record, ++_lastSeq));
            _db.Checkpoint();
        }
        return Task.CompletedTask;
    }

    public Task<bool> ReplaceAsync(T record, CancellationToken ct = default)
    {
        lock (_writeLock)
        {
            var existing = _docs.FindById(record.Id);
            if (existing is null) return Task.FromResult(false);
            _docs.Update(ToDocument(record, existing[Seq].AsInt64));
            _db.Checkpoint();
        }
        return Task.FromResult(true);
    }

    public Task<T?> FindAsync(string id, CancellationToken ct = default)
    {
        var doc = _docs.FindById(id);
        return Task.FromResult(doc is null ? null : _db.Mapper.ToObject<T>(doc));
    }

    public Task<bool> RemoveAsync(string id, CancellationToken ct = default)
    {
        lock (_writeLock)
        {
            bool removed = _docs.Delete(id);
            if (removed) _db.Checkpoint();
            return Task.FromResult(removed);
        }
    }

    public Task<Page<T>> ListAsync(PageQuery query, CancellationToken ct = default)
    {
        var q = _docs.Query();
        if (query.ListKey is not null) q = q.Where($"{Key} = @0", query.ListKey);
        if (query.After is not null)
        {
            var cursor = _docs.FindById(query.After) ?? throw new UnknownCursorException(query.After);
            q = q.Where(query.NewestFirst ? $"{Seq} < @0" : $"{Seq} > @0", cursor[Seq]);
        }
        var ordered = query.NewestFirst ? q.OrderByDescending(Seq) : q.OrderBy(Seq);
        var docs = ordered.Limit(query.Limit + 1).ToList();
        var items = docs.Take(query.Limit).Select(d => _db.Mapper.ToObject<T>(d)).ToList();
        return Task.FromResult(new Page<T>(items, docs.Count > query.Limit));
    }

    BsonDocument ToDocument(T record, long seq)
    {
        var doc = _db.Mapper.ToDocument(record);
        doc[Seq] = seq;
        doc[Key] = record.ListKey is null ? BsonValue.Null : new BsonValue(record.ListKey);
        return doc;
    }
}
