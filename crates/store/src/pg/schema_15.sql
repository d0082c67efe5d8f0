-- Schema 15 (SQLite's migration V15): the indexes a person's page reads hold what it asks of
-- them: the mentions' index by person the document and the name, the tasks' index by document
-- the issuer.
DROP INDEX person_mentions_person;
CREATE INDEX person_mentions_person ON person_mentions(person, doc, name);
DROP INDEX tasks_doc;
CREATE INDEX tasks_doc ON tasks(doc, start, "end", issuer);
