/* deploy:snapshot — every table and view of the writer's database into the attached snapshot, in one consistent read;
   {source} is the writer's own catalog name (current_database()), quoted */
copy from database {source} to computescope_snapshot
